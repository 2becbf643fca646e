package dev.ngrpo.orchestrator.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans with exact byte counts: the default run (conf/local.conf) on this layout of machine, and
 * a Qwen2.5-0.5B run on YARN read from its config.json alone.
 */
class MemoryPlannerTest {
  static final long GIB = 1L << 30;
  /** 24 GiB of memory, a 6 GiB heap, 2 cores: the machine of docs/benchmarks.md. */
  static final Machine MACHINE = new Machine(24 * GIB, 6 * GIB, 2);

  static RunConfig local(String... overrides) {
    return RunConfig.load(new File("../conf/local.conf"), Arrays.asList(overrides));
  }

  static long bytes(ProcessPlan p, String prefix) {
    return p.items().stream().filter(i -> i.name().startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + prefix + " in " + p.items()))
        .bytes();
  }

  @Test
  void theDefaultRunOnLocalCores() {
    MemoryPlan plan = MemoryCheck.plan(local(), MACHINE);
    assertThat(plan.processes()).hasSize(1);
    ProcessPlan driver = plan.processes().get(0);
    // 792,192 parameters (ModelConfigTest) x 4 B
    assertThat(bytes(driver, "trained weights")).isEqualTo(3_168_768L);
    assertThat(bytes(driver, "gradients of the trained")).isEqualTo(3_168_768L);
    // m and v, 2 x 3,168,768; the update's four temporaries over gate_proj's 384 x 128 =
    // 49,152 elements (under one CPU slice): 4 x 49,152 x 4 B
    assertThat(bytes(driver, "AdamW")).isEqualTo(6_337_536L + 786_432L);
    // micro-batch-size 0: a mini-batch, ceil(32 / 2) x 8 = 128 rows of 122 + 6 = 128 tokens.
    // DecoderMemoryTest: 452,378,624 values in the blocks; the mask 128^2 + 128 x 128 +
    // 128 x 128^2 = 2,129,920; x 4 B
    assertThat(bytes(driver, "activations of the forward pass: 128 rows x 128 tokens"))
        .isEqualTo(4 * (452_378_624L + 2_129_920L));
    // 128 rows x 6 columns: (768 x 128 + 4 x 768 x 18) x 4 B
    assertThat(bytes(driver, "logits")).isEqualTo(4 * (98_304L + 55_296L));
    // the blocks' MLP gradients, 3 x 16,384 x 384, and 3 N H: 25,165,824 x 4 B
    assertThat(bytes(driver, "gradients of the backward")).isEqualTo(100_663_296L);
    // local[*]: rollouts in the driver's JVM get an in-process copy, then their own
    assertThat(bytes(driver, "published copy")).isEqualTo(3_168_768L);
    assertThat(bytes(driver, "policy of the rollouts")).isEqualTo(3_168_768L);
    // two tasks (local[*] on 2 cores) of min(64, 32 x 8) = 64 rows x 122 + 6 positions:
    // 2 x 4 layers x 64 x Hkv 64 x 128 + the 64 x 128 mask, x 4 B x 2 tasks
    assertThat(bytes(driver, "KV cache: 64 rows x 128 positions, x 2 tasks"))
        .isEqualTo(8 * (4_194_304L + 8_192));
    // the prefill over 64 x 122 tokens (DecoderMemoryTest) and its mask
    // 122^2 + 64 x 122 + 64 x 122^2 = 975,268
    long prefill = 7_808L * 192 + 4 * (7_808L * 4582 + 15_241_216L) + 3 * 7_808L * 128
        + 3 * 7_808L + 975_268L;
    assertThat(bytes(driver, "forward pass over the prompts")).isEqualTo(8 * prefill)
        .isEqualTo(1_676_527_904L);
    // 64 rows x 1 column: (64 x 128 + 2 x 64 x 18) x 4 B x 2 tasks
    assertThat(bytes(driver, "next-token logits")).isEqualTo(8 * 10_496L);
    // the heap: gate_proj's host copy, 96 groups x 4 B x (122 + 2 x 8 x 6), Spark's 300 MiB,
    // the tasks' log-probs and tokens 2 x (64 x 18 x 4 + 64 x 6 x 8)
    assertThat(driver.total(Place.HEAP)).isEqualTo(196_608L + 83_712L + 314_572_800L + 15_360L);
    assertThat(driver.total(Place.OFF_HEAP)).isEqualTo(3_649_342_752L);
    assertThat(driver.limit(Place.OFF_HEAP)).isEmpty();
    // this machine: the 6 GiB heap whole and the off-heap items, of 24 GiB
    assertThat(plan.machineNeed()).isEqualTo(6 * GIB + 3_649_342_752L);
    assertThat(plan.fits()).isTrue();
    assertThat(plan.sizes()).isEqualTo(new PlanSizes(792_192L, 122, 6, 128, "micro-batch", 64,
        2));
    String table = MemoryTable.render(plan);
    assertThat(table).contains("prompts up to 122 tokens (the model's 128 positions less the"
        + " response)").contains("activations of the forward pass: 128 rows x 128 tokens"
        + " (micro-batch)").contains("1.69 GiB").contains("verdict: fits");
  }

  @Test
  void loraTrainsTheAdaptersAndKeepsNoReferenceCopy() {
    MemoryPlan plan = MemoryCheck.plan(local("ngrpo.model.lora.rank = 16",
        "ngrpo.learner.algorithm.kl-coef = 0.05"), MACHINE);
    ProcessPlan driver = plan.processes().get(0);
    // per layer r (in + out): q and o 16 x 256, k and v 16 x 192, gate, up and down
    // 16 x 512: 38,912; x 4 layers = 155,648 adapter parameters, x 4 B
    assertThat(bytes(driver, "trained weights")).isEqualTo(622_592L);
    assertThat(bytes(driver, "gradients of the trained")).isEqualTo(622_592L);
    // the model stays, frozen: 792,192 x 4 B
    assertThat(bytes(driver, "frozen weights")).isEqualTo(3_168_768L);
    // the KL reference is the frozen model with the adapters off
    assertThat(driver.items()).noneMatch(i -> i.name().startsWith("reference"));
    // in-process: the rollouts' merged copy only
    assertThat(bytes(driver, "policy of the rollouts")).isEqualTo(3_168_768L);
    assertThat(driver.items()).noneMatch(i -> i.name().startsWith("frozen model of the LoRA"));
    // broadcast, unmerged: the frozen model once, and the adapters
    ProcessPlan unmerged = MemoryCheck.plan(local("ngrpo.model.lora.rank = 16",
        "ngrpo.weights.transport = broadcast", "ngrpo.weights.adapters = unmerged"), MACHINE)
        .processes().get(0);
    assertThat(bytes(unmerged, "frozen model of the LoRA run")).isEqualTo(3_168_768L);
    assertThat(bytes(unmerged, "policy of the rollouts")).isEqualTo(622_592L);
    MemoryPlan full = MemoryCheck.plan(local("ngrpo.learner.algorithm.kl-coef = 0.05"), MACHINE);
    assertThat(full.processes().get(0).items()).anyMatch(i -> i.name().startsWith("reference"));
    assertThat(driver.items()).noneMatch(i -> i.name().startsWith("LoRA dropout"));
  }

  @Test
  void ppoCountsItsCriticACopyOfThePolicyOrWithLoraAdaptersOfItsOwn() {
    ProcessPlan full = MemoryCheck.plan(local("ngrpo.learner.preset = ppo"), MACHINE)
        .processes().get(0);
    // the policy's 792,192 parameters x 4 B, and the head's 128 + 1
    assertThat(bytes(full, "PPO critic: a copy")).isEqualTo(3_168_768L + 516);
    // gradients, m and v of them but the untied LM head's 18 x 128 (2,304 x 4 B = 9,216 B)
    assertThat(bytes(full, "PPO critic: gradients")).isEqualTo(3 * (3_168_768L - 9_216 + 516));
    ProcessPlan lora = MemoryCheck.plan(local("ngrpo.learner.preset = ppo",
        "ngrpo.model.lora.rank = 16"), MACHINE).processes().get(0);
    // 155,648 adapter parameters and the head, each with a gradient, m and v: 4 x 4 B
    assertThat(bytes(lora, "PPO critic: its own LoRA")).isEqualTo(16 * (155_648L + 129));
    assertThat(MemoryCheck.plan(local(), MACHINE).processes().get(0).items())
        .noneMatch(i -> i.name().startsWith("PPO critic"));
  }

  @Test
  void loraDropoutKeepsAMaskAndACopyOfEachAdaptedInput() {
    ProcessPlan whole = MemoryCheck.plan(local("ngrpo.model.lora.rank = 16"), MACHINE)
        .processes().get(0);
    ProcessPlan dropping = MemoryCheck.plan(local("ngrpo.model.lora.rank = 16",
        "ngrpo.model.lora.dropout = 0.1"), MACHINE).processes().get(0);
    // the 128 x 128 micro-batch; inputs per token and block: q, k, v, gate, up read H 128
    // (640), o reads Hq 128, down reads I 384: 1,152; x 4 layers x 16,384 tokens, x 5 B
    assertThat(bytes(dropping, "LoRA dropout: a mask (1 B) and a dropped copy (4 B) of"
        + " 75,497,472 adapter input values")).isEqualTo(377_487_360L);
    assertThat(dropping.total(Place.OFF_HEAP) - whole.total(Place.OFF_HEAP))
        .isEqualTo(377_487_360L);
    // only the adapted projections' inputs: q and v alone read 2 x 128 per token and block
    assertThat(bytes(MemoryCheck.plan(local("ngrpo.model.lora.rank = 16",
        "ngrpo.model.lora.dropout = 0.1", "ngrpo.model.lora.target-modules = [q_proj, v_proj]"),
        MACHINE).processes().get(0), "LoRA dropout")).isEqualTo(5 * 16_384L * 4 * 256);
  }

  @Test
  void aTinyMachineDoesNotFitAndSaysWhatShrinksIt() {
    MemoryPlan plan = MemoryCheck.plan(local(), new Machine(4 * GIB, 2 * GIB, 2));
    assertThat(plan.fits()).isFalse();
    Misfit m = plan.misfits().get(0);
    assertThat(m.where()).startsWith("this machine");
    assertThat(m.message()).contains("activations of the forward pass")
        .contains("ngrpo.learner.micro-batch-size").contains("ngrpo.rollout.max-batch-size")
        .contains("5.40 GiB").contains("4.00 GiB");
  }

  /** Qwen2.5-0.5B's config.json, no weights: H 896, I 4864, 24 layers, 14/2 heads, tied. */
  static Path qwen05b(Path dir) throws IOException {
    ModelConfig c = new ModelConfig("qwen2", 151936, 896, 4864, 24, 14, 2, 64, 1e-6, 1e6,
        32768, true, true, 151643, 151645);
    Files.writeString(dir.resolve("config.json"), c.toJson());
    return dir;
  }

  static RunConfig yarn(Path model, String... more) {
    List<String> overrides = new ArrayList<>(List.of("ngrpo.model.path=\"" + model + "\"",
        "ngrpo.spark.master=yarn", "ngrpo.data.max-prompt-tokens=512",
        "ngrpo.rollout.max-new-tokens=1024", "ngrpo.learner.micro-batch-size=1",
        "ngrpo.rollout.max-batch-size=8",
        "ngrpo.spark.conf.\"spark.driver.memory\"=8g",
        "ngrpo.spark.conf.\"spark.executor.memory\"=8g",
        "ngrpo.spark.conf.\"spark.executor.memoryOverhead\"=16g",
        "ngrpo.spark.conf.\"spark.executor.cores\"=2"));
    overrides.addAll(List.of(more));
    return RunConfig.load(null, overrides);
  }

  @Test
  void qwen05bOnYarnFromItsConfigJson(@TempDir Path dir) throws IOException {
    MemoryPlan plan = MemoryCheck.plan(yarn(qwen05b(dir)), MACHINE);
    ProcessPlan driver = plan.processes().get(0);
    ProcessPlan executor = plan.processes().get(1);
    // 494,032,768 parameters x 4 B
    assertThat(bytes(driver, "trained weights")).isEqualTo(1_976_131_072L);
    // m and v; then the norm clipping's square of the embedding, 151,936 x 896 x 4 B, is the
    // largest temporary (AdamW's four are 2^18-element slices on the CPU)
    assertThat(bytes(driver, "AdamW")).isEqualTo(3_952_262_144L + 544_538_624L);
    // 1 row x 512 + 1024 = 1536 tokens. Per token and block 10 x 896 + 7.5 x 896 + 8.5 x 128
    // + 5 x 4864 + 6 = 41,094; scores 4 x 14 x 1536^2 = 132,120,576 per block; before the
    // blocks 1536 x (896 + 2 x 64), after them 3 x 1536 x 896 + 3 x 1536; the mask
    // 1536^2 + 1536 + 1536^2
    long forward = 1_536L * 1_024 + 24 * (1_536L * 41_094 + 132_120_576L)
        + 3 * 1_536L * 896 + 3 * 1_536L + 2 * 2_359_296L + 1_536;
    assertThat(bytes(driver, "activations")).isEqualTo(4 * forward)
        .isEqualTo(18_784_837_632L);
    // 1024 response columns: hidden 1024 x 896 and four 1024 x 151,936 tensors
    assertThat(bytes(driver, "logits")).isEqualTo(4 * (917_504L + 4 * 155_582_464L));
    // the head's backward, 3 x 1024 x 151,936, beats a block's
    assertThat(bytes(driver, "gradients of the backward")).isEqualTo(4 * 3 * 155_582_464L);
    // yarn with 494M parameters (under 536M): broadcast, payload and pieces on the heap
    assertThat(bytes(driver, "broadcast payload")).isEqualTo(2 * 1_976_131_072L);
    assertThat(driver.limit(Place.HEAP).orElseThrow().bytes()).isEqualTo(8 * GIB);
    // spark.driver.memoryOverhead unset: max(384 MiB, 0.1 x 8192 MiB) = 819 MiB
    assertThat(driver.limit(Place.OFF_HEAP).orElseThrow().bytes()).isEqualTo(819L << 20);

    // an executor: the policy built from the broadcast, 2 tasks (spark.executor.cores) of 8 rows
    assertThat(bytes(executor, "policy of the rollouts")).isEqualTo(1_976_131_072L);
    // 2 x 24 layers x 8 rows x Hkv 128 x 1536 positions + the 8 x 1536 mask, x 4 B x 2 tasks
    assertThat(bytes(executor, "KV cache")).isEqualTo(8 * (75_497_472L + 12_288));
    // the prefill over 8 x 512 tokens: per token and block 40,838 (6.5 Hkv: cached keys are
    // views); scores 4 x 8 x 14 x 512^2; mask 512^2 + 8 x 512 + 8 x 512^2
    long prefill = 4_096L * 1_024 + 24 * (4_096L * 40_838 + 117_440_512L) + 3 * 4_096L * 896
        + 3 * 4_096L + 262_144 + 4_096 + 2_097_152;
    assertThat(bytes(executor, "forward pass over the prompts")).isEqualTo(8 * prefill);
    assertThat(bytes(executor, "broadcast pieces")).isEqualTo(1_976_131_072L);
    assertThat(executor.limit(Place.OFF_HEAP).orElseThrow().bytes()).isEqualTo(16 * GIB);
    assertThat(plan.machine()).isEmpty();

    assertThat(plan.misfits()).extracting(Misfit::where)
        .containsExactly("driver off-heap", "executor off-heap");
    assertThat(plan.misfits().get(0).message())
        .contains("ngrpo.learner.micro-batch-size").contains("spark.driver.memoryOverhead")
        .contains("spark.driver.memoryOverhead unset: max(384 MiB, 0.1 x the heap)");
    // each knob once, after the items it shrinks
    assertThat(plan.misfits().get(1).message()).startsWith("executor off-heap needs 53.5 GiB"
        + " but has 16.0 GiB (spark.executor.memoryOverhead). Largest: forward pass over the"
        + " prompts: 8 rows x 512 tokens, x 2 tasks 51.0 GiB, KV cache: 8 rows x 1536"
        + " positions, x 2 tasks 576 MiB (fewer rows per rollout task:"
        + " ngrpo.rollout.max-batch-size; fewer tasks at once per executor; shorter sequences:"
        + " ngrpo.data.max-prompt-tokens, ngrpo.rollout.max-new-tokens); policy of the rollouts,"
        + " built from the published weights 1.84 GiB (a smaller model: ngrpo.model.path or"
        + " ngrpo.model.init). Or raise spark.executor.memoryOverhead to at least 53.5 GiB");
    assertThatThrownBy(() -> MemoryCheck.require(yarn(dir), MACHINE))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("the memory plan does not fit")
        .hasMessageContaining("ngrpo.run.memory-check = false")
        .hasMessageContaining("raise spark.executor.memoryOverhead to at least 53.5 GiB");
    RunConfig unchecked = yarn(dir, "ngrpo.run.memory-check=false");
    assertThat(MemoryCheck.require(unchecked, MACHINE)).isSameAs(unchecked);
  }

  @Test
  void aGivenGpuHoldsTheLearnerAndTheTasksThatAskForOne(@TempDir Path dir) throws IOException {
    qwen05b(dir);
    MemoryPlan plan = MemoryCheck.plan(yarn(dir, "ngrpo.run.gpu-memory=80g",
        "ngrpo.spark.conf.\"spark.task.resource.gpu.amount\"=0.5"), MACHINE);
    ProcessPlan driver = plan.processes().get(0);
    ProcessPlan executor = plan.processes().get(1);
    assertThat(driver.items()).filteredOn(i -> i.name().startsWith("activations"))
        .extracting(MemoryItem::place).containsExactly(Place.GPU);
    assertThat(driver.limit(Place.GPU).orElseThrow().bytes()).isEqualTo(80 * GIB);
    // on a GPU, AdamW updates whole tensors: four temporaries of the embedding
    assertThat(bytes(driver, "AdamW")).isEqualTo(3_952_262_144L + 4 * 544_538_624L);
    // amount 0.5: two tasks share a GPU, each GPU holds its own policy; frozen-dtype auto is
    // float16 there: 493,961,216 matrix values x 2 B + 71,552 norm and bias values
    // (24 x (2 x 896 + 896 + 2 x 128) + 896) x 4 B
    assertThat(bytes(executor, "policy of the rollouts, built from the published weights,"
        + " per GPU")).isEqualTo(988_208_640L);
    assertThat(bytes(MemoryCheck.plan(yarn(dir, "ngrpo.run.gpu-memory=80g",
        "ngrpo.model.frozen-dtype=f32"), MACHINE).processes().get(1),
        "policy of the rollouts")).isEqualTo(1_976_131_072L);
    // GRPO's KL reference on the driver's GPU, only run forward: float16 matrices too
    ProcessPlan withKl = MemoryCheck.plan(yarn(dir, "ngrpo.run.gpu-memory=80g",
        "ngrpo.learner.preset=grpo"), MACHINE).processes().get(0);
    assertThat(bytes(withKl, "reference policy of the KL penalty, float16 matrices"))
        .isEqualTo(988_208_640L);
    assertThat(executor.items()).filteredOn(i -> i.place() == Place.GPU).hasSize(4);
    assertThat(bytes(executor, "fetched weights snapshot")).isEqualTo(1_976_131_072L);
    // the learner leaves nothing off the heap; on the GPU weights, gradients, AdamW, the
    // activations, logits and backward of qwen05bOnYarn: 30.9 GiB fit 80 GiB
    assertThat(driver.total(Place.OFF_HEAP)).isZero();
    assertThat(driver.total(Place.GPU)).isEqualTo(2 * 1_976_131_072L + 3_952_262_144L
        + 4 * 544_538_624L + 18_784_837_632L + 4 * (917_504L + 4 * 155_582_464L)
        + 4 * 3 * 155_582_464L).isEqualTo(33_227_495_424L);
    assertThat(driver.misfits()).isEmpty();
    // model folders: an executor reads a folder on HDFS a tensor at a time, the embedding
    // 151,936 x 896 x 4 B its largest; nothing is broadcast; a local folder is mapped
    ProcessPlan folders = MemoryCheck.plan(yarn(dir, "ngrpo.weights.transport=model-folders",
        "ngrpo.run.output=\"hdfs://nn:8020/runs/q\""), MACHINE).processes().get(1);
    assertThat(bytes(folders, "one weight tensor at a time (loading")).isEqualTo(544_538_624L);
    assertThat(folders.items()).noneMatch(i -> i.name().startsWith("broadcast"));
    assertThat(MemoryCheck.plan(yarn(dir, "ngrpo.weights.transport=model-folders"), MACHINE)
        .processes().get(1).items()).noneMatch(i -> i.name().contains("(loading"));
    MemoryPlan unknown = MemoryCheck.plan(yarn(dir, "ngrpo.model.device=gpu"), MACHINE);
    assertThat(unknown.processes().get(0).limit(Place.GPU)).isEmpty();
    assertThat(MemoryTable.render(unknown)).contains("(not checked: give the GPU's memory");
  }
}

package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigException;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.Warnings;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs on local[2]: metrics, checkpoints, resume, report. */
class TrainingRunTest {
  @TempDir
  Path dir;

  @Test
  void shortRunWritesMetricsCheckpointsAndResumesWithoutRepeatingAStep() throws Exception {
    Path out = dir.resolve("run");
    List<String> console = new ArrayList<>();
    RunSummary first = TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 2"), false,
        console);
    assertThat(first.stepsDone()).isEqualTo(2);
    assertThat(console).anyMatch(l -> l.startsWith("warm start 3/3"))
        .anyMatch(l -> l.startsWith("eval before: held-out accuracy"))
        .anyMatch(l -> l.startsWith("step 2/2"))
        .anyMatch(l -> l.startsWith("eval after: held-out accuracy"));
    Path checkpoint = out.resolve("checkpoints/step-00000001");
    for (String file : List.of("model/config.json", "model/model.safetensors",
        "model/tokenizer.json", "optimizer.safetensors", "state.json", "config.conf",
        "provenance.json", "_COMPLETE")) {
      assertThat(checkpoint.resolve(file)).as(file).exists();
    }
    assertThat(Files.readString(checkpoint.resolve("provenance.json")))
        .contains("git.commit", "spark.version", "4.2.0", "PyTorch 2.7.1");
    assertThat(Files.readString(checkpoint.resolve("config.conf"))).contains("batch-size=4");

    List<JsonNode> steps = records(out, RunLog.METRICS);
    assertThat(steps).extracting(n -> n.get("step").asLong()).containsExactly(0L, 1L);
    for (String metric : List.of(MetricNames.REWARD_MEAN, MetricNames.ACCURACY,
        MetricNames.GROUPS_ALL_WRONG, MetricNames.GROUPS_MIXED, MetricNames.GROUPS_ALL_CORRECT,
        MetricNames.GROUPS_DROPPED, MetricNames.ADVANTAGE_MEAN, MetricNames.CLIP_POSITIVE,
        MetricNames.CLIP_NEGATIVE, MetricNames.ENTROPY, MetricNames.GRAD_NORM,
        MetricNames.LENGTH_MEAN, MetricNames.LENGTH_MAX, MetricNames.LOGPROB_GAP,
        MetricNames.TIME_ROLLOUT, MetricNames.TIME_LEARN, MetricNames.TIME_PUBLISH,
        MetricNames.TOKENS_PER_SECOND)) {
      assertThat(steps.get(1).has(metric)).as(metric).isTrue();
    }
    // the step's time: learning + the busiest partitions' rollout work + orchestration
    for (JsonNode s : steps) {
      double learn = s.get(MetricNames.TIME_LEARN).asDouble();
      assertThat(s.get(MetricNames.TIME_OVERHEAD).asDouble() + learn
          + s.get(MetricNames.TIME_ROLLOUT_CRITICAL).asDouble())
          .isCloseTo(s.get(MetricNames.TIME_STEP).asDouble(), within(1e-9));
      assertThat(s.get(MetricNames.TIME_ROLLOUT_CRITICAL).asDouble()).isPositive()
          .isLessThanOrEqualTo(s.get(MetricNames.TIME_GENERATE).asDouble()
              + s.get(MetricNames.TIME_VERIFY).asDouble());
      assertThat(s.get(MetricNames.TIME_LEARN_RECOMPUTE).asDouble()
          + s.get(MetricNames.TIME_LEARN_FORWARD).asDouble()
          + s.get(MetricNames.TIME_LEARN_BACKWARD).asDouble()
          + s.get(MetricNames.TIME_LEARN_OPTIMIZER).asDouble()).isPositive()
          .isLessThanOrEqualTo(learn);
    }
    // 4 prompts x G = 4, batch 4: every group of step 0 is one of the three kinds
    JsonNode s0 = steps.get(0);
    assertThat(s0.get(MetricNames.GROUPS_ALL_WRONG).asInt() + s0.get(MetricNames.GROUPS_MIXED)
        .asInt() + s0.get(MetricNames.GROUPS_ALL_CORRECT).asInt())
        .isEqualTo(s0.get(MetricNames.GROUPS_GENERATED).asInt());
    // every response generated is counted: mean length x groups x G = 4 (none ungraded here)
    for (JsonNode s : steps) {
      assertThat(s.get(MetricNames.ROLLOUT_TOKENS).asDouble()).isPositive().isCloseTo(
          s.get(MetricNames.LENGTH_MEAN).asDouble() * s.get(MetricNames.GROUPS_GENERATED)
              .asDouble() * 4, within(1e-9));
    }
    // samples every 10 steps from step 0, 2 groups: step 0's first two, 4 responses each,
    // by the starting weights (version 0), with the prompt's text and reference answer
    List<JsonNode> samples = records(out, RunLog.SAMPLES);
    assertThat(samples).extracting(n -> n.get("step").asLong()).containsExactly(0L, 0L);
    for (JsonNode g : samples) {
      assertThat(g.get("weights.version").asLong()).isZero();
      assertThat(g.get("task").asText()).isEqualTo("arithmetic");
      assertThat(g.get("prompt").asText()).contains(g.get("prompt.id").asText()
          .substring("arithmetic:".length()) + "=");
      assertThat(g.get("reference").asText()).matches("-?[0-9]+");
      assertThat(g.get("responses")).hasSize(4).allSatisfy(r -> {
        assertThat(r.get("tokens").asInt()).isBetween(1, 4);
        assertThat(r.get("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.get("advantage").isNumber()).isEqualTo(g.get("trained").asBoolean());
      });
    }

    // resume to 3 steps: exactly one more step, no step repeated
    List<String> more = new ArrayList<>();
    RunSummary second = TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 3"), true, more);
    assertThat(second.stepsDone()).isEqualTo(1);
    assertThat(more).anyMatch(l -> l.startsWith("resumed from")).noneMatch(l -> l.startsWith(
        "warm start"));
    assertThat(records(out, RunLog.METRICS)).extracting(n -> n.get("step").asLong())
        .containsExactly(0L, 1L, 2L);
    assertThat(records(out, RunLog.SAMPLES)).as("step 2 is not due").isEqualTo(samples);
    // the first run ended with its own final evaluation at step 2
    assertThat(records(out, RunLog.EVALS)).extracting(n -> n.get("label").asText() + "@"
        + n.get("step").asLong()).containsExactly("before@0", "after@2", "after@3");
    // keep-last = 2
    try (Stream<Path> list = Files.list(out.resolve("checkpoints"))) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("step-00000001", "step-00000002");
    }

    // the run released its output folder's lock when it closed
    assertThat(out.resolve(RunLock.FILE)).doesNotExist();

    // a resume that changes what the run means is refused before Spark starts
    assertThatThrownBy(() -> TestRuns.train(TestRuns.config(out,
        "ngrpo.run.steps = 4\nngrpo.rollout.temperature = 0.5"), true, new ArrayList<>()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("--resume would continue step-00000002 with 1 key that changes"
            + " what the run means:\n  ngrpo.rollout.temperature: 1 -> 0.5\n");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).isTrue();
    assertThat(out.resolve(RunLock.FILE)).doesNotExist();
  }

  @Test
  void aRunWhoseFolderAnotherRunTookOverStopsBeforeItsNextStep() throws Exception {
    Path out = dir.resolve("run");
    Path lock = out.resolve(RunLock.FILE);
    List<String> console = new ArrayList<>();
    assertThatThrownBy(() -> TrainingLoop.train(TestRuns.config(out, "ngrpo.run.steps = 3"),
        false, line -> {
          console.add(line);
          if (line.startsWith("step 1/3")) {
            // another run takes the folder over, as after a stale period
            try {
              Files.writeString(lock, "{\"id\":\"other\",\"host\":\"elsewhere.example\","
                  + "\"pid\":4242,\"processStart\":\"\",\"started\":\"2026-01-01T00:00:00Z\","
                  + "\"renewed\":\"2026-01-01T00:00:00Z\"}");
              Files.deleteIfExists(out.resolve("." + RunLock.FILE + ".crc"));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lost the lock").hasMessageContaining("pid 4242 on host"
            + " elsewhere.example");
    assertThat(console).anyMatch(l -> l.startsWith("step 1/3"))
        .noneMatch(l -> l.startsWith("step 2/3"));
    // the other run's lock stays
    assertThat(Files.readString(lock)).contains("\"pid\":4242");
  }

  @Test
  void aSecretGivenWithSetReachesNoFileOfTheRunAndDoesNotBlockItsResume() throws Exception {
    Path out = dir.resolve("run");
    Path file = Files.writeString(dir.resolve("run.conf"),
        TestRuns.config(out, "ngrpo.run.steps = 1").render());
    List<String> secrets = List.of(
        "ngrpo.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=S3CR3T-VALUE",
        "ngrpo.spark.conf.\"spark.authenticate.secret\"=S3CR3T-VALUE");
    List<String> console = new ArrayList<>();
    TestRuns.train(RunConfig.load(file.toFile(), secrets), false, console);
    List<String> more = new ArrayList<>(secrets);
    more.add("ngrpo.run.steps=2");
    RunSummary resumed = TestRuns.train(RunConfig.load(file.toFile(), more), true, console);
    assertThat(resumed.stepsDone()).isEqualTo(1);

    byte[] secret = "S3CR3T-VALUE".getBytes(StandardCharsets.UTF_8);
    List<Path> files;
    try (Stream<Path> all = Files.walk(out)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(20)
        .anyMatch(f -> f.endsWith("checkpoints/step-00000001/config.conf"));
    for (Path f : files) {
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(bytes).as(f.toString()).doesNotContain(new String(secret,
          StandardCharsets.ISO_8859_1));
    }
    assertThat(Files.readString(out.resolve("checkpoints/step-00000001/config.conf")))
        .contains("\"spark.hadoop.fs.s3a.secret.key\"=\"<redacted>\"");
    assertThat(console).noneMatch(l -> l.contains("S3CR3T-VALUE"));
  }

  @Test
  void resumedRunReachesTheSameWeightsAsAnUninterruptedOne() throws Exception {
    // samples of every step: a resume writes the file the uninterrupted run writes
    String samples = "\nngrpo.log.samples-every = 1";
    Map<String, HostTensor> straight = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("straight"), "ngrpo.run.steps = 4" + samples), false);
    TestRuns.finalWeights(TestRuns.config(dir.resolve("resumed"), "ngrpo.run.steps = 2"
        + samples), false);
    Map<String, HostTensor> resumed = TestRuns.finalWeights(
        TestRuns.config(dir.resolve("resumed"), "ngrpo.run.steps = 4" + samples), true);
    assertThat(resumed).isEqualTo(straight);
    String straightSamples = Files.readString(dir.resolve("straight").resolve(RunLog.SAMPLES));
    assertThat(records(dir.resolve("straight"), RunLog.SAMPLES))
        .extracting(n -> n.get("step").asLong()).containsExactly(0L, 0L, 1L, 1L, 2L, 2L, 3L, 3L);
    assertThat(dir.resolve("resumed").resolve(RunLog.SAMPLES)).hasContent(straightSamples);

    // the newest checkpoint (step 2 of 3 steps) is damaged: the resume warns and goes back to
    // the one before (step 1), redoes steps 2 and 3, and still ends at the same weights
    Path broken = dir.resolve("broken");
    TestRuns.finalWeights(TestRuns.config(broken, "ngrpo.run.steps = 3" + samples), false);
    Path weights = broken.resolve("checkpoints/step-00000002/model/model.safetensors");
    Files.write(weights, Arrays.copyOf(Files.readAllBytes(weights), 1000));
    List<String> console = new ArrayList<>();
    try (Warnings warnings = Warnings.of(RunStart.class)) {
      resumed = TestRuns.finalWeights(TestRuns.config(broken, "ngrpo.run.steps = 4" + samples),
          true, console);
      assertThat(warnings.messages()).singleElement().asString()
          .startsWith("checkpoint file:" + broken.resolve("checkpoints/step-00000002")
              + " cannot be loaded").contains("model.safetensors")
          .endsWith("trying the one before, step-00000001");
    }
    assertThat(console).anyMatch(l -> l.startsWith("resumed from") && l.endsWith("at step 2"));
    assertThat(resumed).isEqualTo(straight);
    assertThat(records(broken, RunLog.METRICS)).extracting(n -> n.get("step").asLong())
        .containsExactly(0L, 1L, 2L, 3L);
    // step 2's samples, written before the checkpoint that failed to load, are not repeated
    assertThat(broken.resolve(RunLog.SAMPLES)).hasContent(straightSamples);

    // every checkpoint damaged (keep-last = 2): the resume stops naming each, never restarts
    for (String step : List.of("step-00000002", "step-00000003")) {
      Files.writeString(broken.resolve("checkpoints/" + step + "/state.json"), "{\"nextStep\":");
    }
    assertThatThrownBy(() -> TestRuns.finalWeights(TestRuns.config(broken, "ngrpo.run.steps = 5"
        + samples), true)).hasMessageContaining("no checkpoint in file:"
            + broken.resolve("checkpoints") + " can be loaded (newest first): step-00000003: ")
        .hasMessageContaining("; step-00000002: ");
    assertThat(records(broken, RunLog.METRICS)).hasSize(4);
  }

  @Test
  void everyWeightsTransportTrainsToTheSameWeights() throws Exception {
    Map<String, HostTensor> inProcess = TestRuns.finalWeights(TestRuns.config(
        dir.resolve("in-process"), "ngrpo.run.steps = 2\nngrpo.weights.transport = in-process"),
        false);
    for (String transport : List.of("broadcast", "model-folders")) {
      assertThat(TestRuns.finalWeights(TestRuns.config(dir.resolve(transport),
          "ngrpo.run.steps = 2\nngrpo.weights.transport = " + transport), false))
          .as(transport).isEqualTo(inProcess);
    }
  }

  @Test
  void answersThatReachIntoDaposOverlongBufferAreWarnedOfBeforeTheRunStarts() throws Exception {
    // max-new-tokens = 2 and DAPO's buffer of max(1, round(0.2 * 2)) = 1 token: a correct
    // two-character answer and its end of sequence lose all of their reward
    try (Warnings warnings = Warnings.of(TrainingRun.class)) {
      TestRuns.train(TestRuns.config(dir.resolve("dapo"), "ngrpo.run.steps = 1\n"
          + "ngrpo.learner.preset = dapo\nngrpo.rollout.max-new-tokens = 2"), false,
          new ArrayList<>());
      assertThat(warnings.messages()).anySatisfy(w -> assertThat(w).startsWith(
          "DAPO's overlong shaping (preset dapo: overlong.enabled, a buffer of 1 of the"
              + " ngrpo.rollout.max-new-tokens = 2 tokens) takes up to 1.00 from the reward of a"
              + " correct response to ").contains("set overlong.enabled = false"));
    }
    // the same run with GRPO, whose rewards are not shaped, is not warned of it
    try (Warnings warnings = Warnings.of(TrainingRun.class)) {
      TestRuns.train(TestRuns.config(dir.resolve("grpo"), "ngrpo.run.steps = 1\n"
          + "ngrpo.learner.preset = grpo\nngrpo.rollout.max-new-tokens = 2"), false,
          new ArrayList<>());
      assertThat(warnings.messages()).noneMatch(w -> w.contains("overlong"));
    }
  }

  @Test
  void anExistingRunIsNotOverwrittenWithoutResume() throws Exception {
    Path out = dir.resolve("run");
    TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 1"), false, new ArrayList<>());
    assertThatThrownBy(() -> RunOutput.claim(TestRuns.config(out, ""), false, List.of()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("ngrpo.run.output file:" + out + " is not empty (it holds"
            + " checkpoints/, eval.jsonl, metrics.jsonl, samples.jsonl)")
        .hasMessageContaining("--resume");
    // the run released its lock when it ended: the folder can be resumed
    assertThat(out.resolve(RunLock.FILE)).doesNotExist();
    RunOutput.claim(TestRuns.config(out, ""), true, List.of()).close();
  }

  @Test
  void aNewRunRefusesAnyNonEmptyFolderNotOnlyOneWithCheckpoints() throws Exception {
    Path out = Files.createDirectories(dir.resolve("run"));
    Files.writeString(Files.createDirectories(out.resolve("notes")).resolve("todo.txt"), "x");
    Files.writeString(out.resolve("metrics.jsonl"), "{}\n");
    assertThatThrownBy(() -> RunOutput.claim(TestRuns.config(out, ""), false, List.of()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("ngrpo.run.output file:" + out + " is not empty (it holds"
            + " metrics.jsonl, notes/): a new run starts in an empty folder.");
    // the refused claim left its lock behind nowhere; empty folders do not count as content
    assertThat(out.resolve(RunLock.FILE)).doesNotExist();
    Path empty = Files.createDirectories(dir.resolve("empty/checkpoints"));
    RunOutput.claim(TestRuns.config(empty.getParent(), ""), false, List.of()).close();
  }

  @Test
  void anUnwritableCheckpointLocationFailsAtStartUpBeforeSpark() throws Exception {
    // a folder under a regular file cannot be created, whoever runs the test (root included)
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    assertThatThrownBy(() -> RunOutput.claim(TestRuns.config(file.resolve("run"), ""),
        false, List.of()))
        .hasMessageContaining("checkpoint location").hasMessageContaining("not writable")
        .hasMessageContaining("not-a-folder");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
  }

  @Test
  void aModelPathThatIsNoModelFolderIsRefusedNamingTheKeyBeforeSparkStarts() throws Exception {
    Path missing = dir.resolve("no-such-model");
    RunConfig config = TestRuns.config(dir.resolve("run"),
        "ngrpo.model.path = \"" + missing.toUri() + "\"");
    // before, Spark started and the tokenizer's read failed, naming no key
    assertThatThrownBy(() -> RunContext.open(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ngrpo.model.path")
        .hasMessageContaining("'" + missing.toUri() + "' does not exist");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
    Path empty = Files.createDirectories(dir.resolve("empty-folder"));
    assertThatThrownBy(() -> RunContext.checkInputs(TestRuns.config(dir.resolve("run"),
        "ngrpo.model.path = \"" + empty + "\"")))
        .hasMessageContaining("ngrpo.model.path")
        .hasMessageContaining("has no config.json: not a Hugging Face model folder");
  }

  @Test
  void aPolicyTooLargeToBroadcastFailsAtStartUpAndStopsSpark() {
    // 32 blocks of d 4096 / MLP 11008: 6.5 G parameters, a 7B model's body; only its config
    // is read, the model is never built
    RunConfig config = TestRuns.config(dir.resolve("big"), "ngrpo.weights.transport = broadcast\n"
        + "ngrpo.model.init { hidden-size = 4096, intermediate-size = 11008, layers = 32,"
        + " heads = 32, kv-heads = 32 }");
    assertThatThrownBy(() -> TestRuns.train(config, false, new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ngrpo.weights.transport = broadcast")
        .hasMessageContaining("use model-folders, or auto");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).isTrue();
  }

  private static List<JsonNode> records(Path out, String file) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return RunLog.records(fs, new org.apache.hadoop.fs.Path(out.toUri()), file);
  }
}

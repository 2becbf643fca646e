package dev.ngrpo.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes a resumed run may make to its checkpoint's configuration. */
class ResumeCompatibilityTest {
  private static final List<String> BASE = List.of("ngrpo.run.seed=7", "ngrpo.run.steps=4");

  private static String saved(String... keys) {
    return RunConfig.load(null, concat(BASE, keys)).render();
  }

  private static Config now(String... keys) {
    return RunConfig.load(null, concat(BASE, keys)).resolved();
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }

  @Test
  void keysAreClassifiedByTheirLongestListedPrefix() {
    assertThat(List.of("ngrpo.run.seed", "ngrpo.run.batch-size", "ngrpo.run.max-extra-rounds",
        "ngrpo.model.path", "ngrpo.model.init.layers", "ngrpo.data.path", "ngrpo.task.train-size",
        "ngrpo.learner.preset", "ngrpo.learner.algorithm.clip-high",
        "ngrpo.learner.optimizer.lr", "ngrpo.presets.ngrpo.clip-low", "ngrpo.rollout.group-size",
        "ngrpo.rollout.temperature", "ngrpo.rollout.top-p", "ngrpo.rollout.top-k",
        "ngrpo.rollout.max-new-tokens", "ngrpo.verifier.name", "ngrpo.sft.steps",
        "ngrpo.data.max-prompt-tokens", "ngrpo.some-future-key"))
        .allMatch(ResumeCompatibility::changesMeaning);
    assertThat(List.of("ngrpo.run.steps", "ngrpo.run.output", "ngrpo.run.lock-stale-minutes",
        "ngrpo.eval.every", "ngrpo.checkpoint.keep-last", "ngrpo.checkpoint.every",
        "ngrpo.spark.master", "ngrpo.spark.conf.\"spark.executor.memory\"",
        "ngrpo.weights.transport", "ngrpo.model.device", "ngrpo.rollout.max-batch-size",
        "ngrpo.learner.micro-batch-size", "ngrpo.run.memory-check", "ngrpo.run.gpu-memory"))
        .noneMatch(ResumeCompatibility::changesMeaning);
  }

  @Test
  void aChangeOfMeaningIsRefusedListingEveryKeyWithItsOldAndNewValue() {
    assertThatThrownBy(() -> ResumeCompatibility.check("--resume", "step-00000003", saved(),
        now("ngrpo.run.seed=8", "ngrpo.rollout.temperature=0.7", "ngrpo.run.steps=9"),
        List.of()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessage("--resume would continue step-00000003 with 2 keys that change what the"
            + " run means:\n"
            + "  ngrpo.rollout.temperature: 1 -> 0.7\n"
            + "  ngrpo.run.seed: 7 -> 8\n"
            + "Resume with the checkpoint's values, start a new run in another"
            + " ngrpo.run.output, or accept the changes with --allow-change"
            + " ngrpo.rollout.temperature,ngrpo.run.seed");
  }

  @Test
  void allowedChangesAndChangesThatExtendOrObservePass() {
    List<ResumeCompatibility.Change> changes = ResumeCompatibility.check("--resume",
        "step-00000003", saved("ngrpo.eval.every=2"),
        now("ngrpo.run.seed=8", "ngrpo.rollout.temperature=0.7", "ngrpo.run.steps=9",
            "ngrpo.eval.every=5", "ngrpo.spark.conf.\"spark.executor.memory\"=4g"),
        List.of("ngrpo.run.seed", "ngrpo.rollout"));
    assertThat(changes).extracting(Object::toString).containsExactly(
        "ngrpo.eval.every: 2 -> 5",
        "ngrpo.rollout.temperature: 1 -> 0.7",
        "ngrpo.run.seed: 7 -> 8",
        "ngrpo.run.steps: 4 -> 9",
        "ngrpo.spark.conf.\"spark.executor.memory\": null -> \"4g\"");
    assertThat(changes).extracting(ResumeCompatibility.Change::changesMeaning)
        .containsExactly(false, true, true, false, false);
  }

  @Test
  void loraDropoutIsOfTheRunAndACheckpointFromBeforeItReadsAsZero() {
    // as the other LoRA settings (ngrpo.model.*): a resume must keep the checkpoint's value
    String saved = saved("ngrpo.model.lora.rank=4");
    assertThatThrownBy(() -> ResumeCompatibility.check("--resume", "step-00000003", saved,
        now("ngrpo.model.lora.rank=4", "ngrpo.model.lora.dropout=0.1"), List.of()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("ngrpo.model.lora.dropout: 0 -> 0.1");
    // written before the key existed: the checkpoint had no dropout, the default
    assertThat(saved).contains("dropout=0");
    String before = saved.replace("dropout=0", "");
    assertThat(before).contains("target-modules").doesNotContain("dropout=");
    assertThat(ResumeCompatibility.changes(before, now("ngrpo.model.lora.rank=4"))).isEmpty();
  }

  @Test
  void anAllowedKeyThatIsNoKeyIsAConfigurationError() {
    assertThatThrownBy(() -> ResumeCompatibility.check("--resume", "step-00000003", saved(),
        now(), List.of("ngrpo.run.sed")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("--allow-change ngrpo.run.sed: not a configuration key");
  }

  @Test
  void sameValuesWrittenDifferentlyRedactedSecretsAndNewDefaultsAreNoChange() {
    // 1 and 1.0, "4" and 4 are one value as the configuration reads them
    String saved = saved("ngrpo.rollout.temperature=1", "ngrpo.eval.size=\"4\"",
        "ngrpo.spark.conf.\"spark.authenticate.secret\"=OLD-SECRET")
        // a checkpoint written before lock-stale-minutes existed
        .replace("lock-stale-minutes=30", "");
    assertThat(saved).contains("<redacted>").doesNotContain("lock-stale-minutes");
    assertThat(ResumeCompatibility.changes(saved, now("ngrpo.rollout.temperature=1.0",
        "ngrpo.eval.size=4", "ngrpo.spark.conf.\"spark.authenticate.secret\"=NEW-SECRET")))
        .isEmpty();
  }
}

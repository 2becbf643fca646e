package dev.ngrpo.rollout.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.model.FrozenDtype;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.core.tokenizer.TokenizerFiles;
import dev.ngrpo.core.weights.WeightsSnapshot;
import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.VerifierSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolloutPartitionTest {
  private static final CharTokenizer TOKENIZER = CharTokenizer.arithmetic();
  private static final ModelConfig CONFIG =
      ModelConfig.llama(TOKENIZER.vocabSize(), 32, 64, 2, 4, 2, 64, false).withEosTokenId(1);

  static PolicyWeights weights(long version, long seed) {
    try (PolicyModel m = PolicyModel.initialize(CONFIG, seed, Device.cpu())) {
      return WeightsSnapshot.encode(version, CONFIG.toJson(), m.toHostTensors());
    }
  }

  static List<PromptTask> tasks(String... problems) {
    List<PromptTask> out = new ArrayList<>();
    for (int i = 0; i < problems.length; i++) {
      out.add(new PromptTask("arithmetic:" + problems[i], 10 + i, "arithmetic",
          TOKENIZER.encode(problems[i] + "="), "0"));
    }
    return out;
  }

  static RolloutJob job(long step, int maxBatch) {
    RolloutSettings settings = new RolloutSettings(4, 1f, 1f, 0, 8, maxBatch, 0);
    return new RolloutJob("run-a", 42, step, settings, new int[] {TOKENIZER.eosId()},
        VerifierSettings.of(EvenLengthVerifier.class.getName(), 1000, AnswerFormat.NONE, 100_000),
        TokenizerFiles.of(TOKENIZER), FrozenDtype.AUTO);
  }

  static List<RolloutGroup> run(RolloutJob job, PolicySource source, List<PromptTask> tasks) {
    List<RolloutGroup> out = new ArrayList<>();
    RolloutPartition.run(tasks.iterator(), job, new VersionZero(source), new String[0])
        .forEachRemaining(out::add);
    return out;
  }

  /** Version 0 of {@code source}. */
  private record VersionZero(PolicySource source) implements PublishedWeights {
    @Override
    public long version() {
      return 0;
    }
  }

  @AfterEach
  void freeModels() {
    PolicyCache.shared().clear();
  }

  @Test
  void aRetriedPartitionReturnsIdenticalGroupsAndAnotherStepDiffers() {
    PolicyWeights w = weights(0, 1);
    PolicySource source = PolicySource.snapshot(() -> w);
    List<PromptTask> tasks = tasks("12+34", "7*8", "99-1");
    List<RolloutGroup> first = run(job(3, 5), source, tasks);
    List<RolloutGroup> retry = run(job(3, 5), source, tasks);
    List<RolloutGroup> nextStep = run(job(4, 5), source, tasks);
    assertThat(first).hasSize(3);
    boolean anyDifferent = false;
    for (int i = 0; i < 3; i++) {
      assertThat(retry.get(i).sameSamples(first.get(i))).as("group %d", i).isTrue();
      anyDifferent |= !nextStep.get(i).sameSamples(first.get(i));
    }
    assertThat(anyDifferent).isTrue();
  }

  @Test
  void groupsCarryTheirResponsesRewardsAndTimings() {
    PolicyWeights w = weights(0, 2);
    List<RolloutGroup> groups = run(job(0, 64), PolicySource.snapshot(() -> w),
        tasks("1+1", "22+22"));
    for (RolloutGroup g : groups) {
      assertThat(g.groupSize()).isEqualTo(4);
      assertThat(g.weightsVersion()).isZero();
      assertThat(g.generationNanos()).isPositive();
      for (int i = 0; i < 4; i++) {
        int[] tokens = g.responseTokens()[i];
        boolean stopped = tokens[tokens.length - 1] == TOKENIZER.eosId();
        assertThat(g.truncated()[i]).isEqualTo(!stopped);
        assertThat(tokens.length).isBetween(1, 8);
        String text = TOKENIZER.decode(tokens, true);
        assertThat(g.rewards()[i]).isEqualTo(text.length() % 2 == 0 ? 1f : 0f);
      }
    }
    assertThat(groups.get(0).promptIndex()).isEqualTo(10);
    assertThat(groups.get(1).promptId()).isEqualTo("arithmetic:22+22");
  }

  @Test
  void aModelVocabularyPaddedBeyondTheTokenizerSamplesIdsWithoutText() {
    // 8x the tokenizer's ids with random weights: most sampled ids are padding, as can happen
    // with Qwen2.5 (151,936 embedding rows for 151,665 tokenizer ids)
    ModelConfig padded = ModelConfig.llama(8 * TOKENIZER.vocabSize(), 32, 64, 2, 4, 2, 64,
        false).withEosTokenId(1);
    PolicyWeights w;
    try (PolicyModel m = PolicyModel.initialize(padded, 5, Device.cpu())) {
      w = WeightsSnapshot.encode(0, padded.toJson(), m.toHostTensors());
    }
    List<RolloutGroup> groups = run(job(0, 8), PolicySource.snapshot(() -> w),
        tasks("1+1", "2+2"));
    boolean sampledPadding = false;
    for (RolloutGroup g : groups) {
      for (int i = 0; i < g.groupSize(); i++) {
        int[] tokens = g.responseTokens()[i];
        int[] known = Arrays.stream(tokens).filter(t -> t < TOKENIZER.vocabSize())
            .toArray();
        sampledPadding |= known.length < tokens.length;
        // the verifier scored the text of the known ids
        String text = TOKENIZER.decode(known, true);
        assertThat(g.rewards()[i]).isEqualTo(text.length() % 2 == 0 ? 1f : 0f);
      }
    }
    assertThat(sampledPadding).isTrue();
  }

  @Test
  void groupsDoNotDependOnHowPromptsArePartitioned() {
    PolicyWeights w = weights(0, 3);
    PolicySource source = PolicySource.snapshot(() -> w);
    List<PromptTask> all = tasks("5+5", "6+6", "7+7", "8+8");
    List<RolloutGroup> together = run(job(1, 16), source, all);
    List<RolloutGroup> split = new ArrayList<>(run(job(1, 16), source, all.subList(0, 2)));
    split.addAll(run(job(1, 16), source, all.subList(2, 4)));
    // All prompts have the same length, so the batches differ only in which rows they hold:
    // every row's tokens depend on its own seed, not on its neighbours.
    for (int i = 0; i < 4; i++) {
      assertThat(split.get(i).responseTokens()).isEqualTo(together.get(i).responseTokens());
      assertThat(split.get(i).rewards()).isEqualTo(together.get(i).rewards());
    }
  }

  @Test
  void aPromptThatCannotFitIsNamed() {
    PolicyWeights w = weights(0, 4);
    String longProblem = "1".repeat(60);
    assertThatThrownBy(() -> run(job(0, 8), PolicySource.snapshot(() -> w), tasks(longProblem)))
        .hasMessageContaining("arithmetic:" + longProblem)
        .hasMessageContaining("61 tokens")
        .hasMessageContaining("max-new-tokens = 8");
  }
}

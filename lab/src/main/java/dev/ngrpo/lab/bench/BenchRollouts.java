package dev.ngrpo.lab.bench;

import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.RolloutGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fixed rollout groups for timing a learner step without a rollout: random prompt and response
 * tokens, every response of the same length, sampler log-probs 0 (the learner recomputes
 * {@code logp_old} itself, so they only feed the log-prob gap metric), and rewards alternating
 * 1, 0, 1, 0 within each group, so every group of two or more responses is mixed and no
 * preset's filter drops it.
 */
final class BenchRollouts {
  /** Prompt tokens of each row. */
  static final int PROMPT_TOKENS = TrainingSteps.PROMPT_TOKENS;

  private BenchRollouts() {}

  /**
   * {@code groups} groups of {@code groupSize} responses, rows of {@code length} tokens:
   * {@value #PROMPT_TOKENS} prompt tokens and {@code length - PROMPT_TOKENS} response tokens,
   * each id drawn from {@code [3, vocab)} (0 to 2 are the special tokens of the task's
   * tokenizer) with a fixed seed.
   */
  static List<RolloutGroup> of(int groups, int groupSize, int length, int vocab) {
    TrainingSteps.requireLength(length);
    if (groupSize < 2) {
      throw new IllegalArgumentException("a group needs at least 2 responses to hold both"
          + " rewards, got " + groupSize);
    }
    SplittableRandom random = new SplittableRandom(13);
    List<RolloutGroup> out = new ArrayList<>(groups);
    for (int p = 0; p < groups; p++) {
      int[] prompt = random.ints(PROMPT_TOKENS, 3, vocab).toArray();
      int[][] responses = new int[groupSize][];
      float[][] logProbs = new float[groupSize][];
      float[] rewards = new float[groupSize];
      for (int i = 0; i < groupSize; i++) {
        responses[i] = random.ints(length - PROMPT_TOKENS, 3, vocab).toArray();
        logProbs[i] = new float[responses[i].length];
        rewards[i] = i % 2 == 0 ? 1 : 0;
      }
      out.add(new RolloutGroup("bench-" + p, p, "bench", prompt, 0, responses, logProbs,
          rewards, new boolean[groupSize], 0, 0, Grading.ALL_GRADED));
    }
    return out;
  }
}

package dev.ngrpo.lab.bench;

import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.step.SupervisedStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Timed learner steps of one model on fixed random rows: a {@link SupervisedStep} (forward, mean
 * token NLL, backward, clipping, AdamW, zeroing) over {@code batch} rows of {@code length}
 * tokens, {@value #PROMPT_TOKENS} of them prompt. Built with one untimed step, so the timed
 * ones see warm allocators and a created optimizer state.
 */
final class TrainingSteps implements AutoCloseable {
  /** Prompt tokens of each row. */
  static final int PROMPT_TOKENS = 8;

  private final String name;
  private final int[][] prompts;
  private final int[][] responses;
  private final SupervisedStep sft;

  TrainingSteps(String name, PolicyModel model, int batch, int length) {
    requireLength(length);
    this.name = name;
    int vocab = model.config().vocabSize();
    SplittableRandom random = new SplittableRandom(11);
    prompts = new int[batch][];
    responses = new int[batch][];
    for (int i = 0; i < batch; i++) {
      prompts[i] = random.ints(PROMPT_TOKENS, 3, vocab).toArray();
      responses[i] = random.ints(length - PROMPT_TOKENS, 3, vocab).toArray();
    }
    sft = new SupervisedStep(model, new AdamW(0.9, 0.999, 1e-8, 0.01), update -> 1e-4, 1.0);
    sft.step(prompts, responses);
  }

  /** Fails unless a row of {@code length} tokens has room for a response after its prompt. */
  static void requireLength(int length) {
    if (length <= PROMPT_TOKENS) {
      throw new IllegalArgumentException("length must exceed the " + PROMPT_TOKENS
          + " prompt tokens, got " + length);
    }
  }

  /**
   * The median of {@code repeats} timed steps with its own phases, so that they add up to it:
   * {total, forward, backward, optimizer} seconds. Each step is reported on stderr.
   */
  double[] median(int repeats) {
    List<double[]> steps = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      SupervisedStep.Timed timed = sft.timedStep(prompts, responses);
      double[] s = {(System.nanoTime() - start) / 1e9, timed.forwardNanos() / 1e9,
          timed.backwardNanos() / 1e9, timed.optimizerNanos() / 1e9};
      System.err.printf("  %s training step %d: %.2f s (forward %.2f s, backward %.2f s,"
          + " optimizer %.2f s)%n", name, r + 1, s[0], s[1], s[2], s[3]);
      steps.add(s);
    }
    steps.sort(Comparator.comparingDouble(s -> s[0]));
    return steps.get(steps.size() / 2);
  }

  /** One more untimed step (to profile it). */
  void step() {
    sft.step(prompts, responses);
  }

  @Override
  public void close() {
    sft.close();
  }
}

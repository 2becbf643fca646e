package dev.ngrpo.core.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of a batch being sampled: each row's own generator, its tokens and their sampler
 * log-probs so far, and whether it has stopped. A row is done at a stop token (kept) or at
 * {@code maxNewTokens}.
 */
final class SampledRows {
  private final SamplingSettings s;
  private final boolean greedy;
  private final int vocab;
  private final SplittableRandom[] random;
  private final int[][] tokens;
  private final float[][] logProbs;
  private final int[] length;
  private final boolean[] stopped;
  private final boolean[] done;

  SampledRows(long[] seeds, SamplingSettings s, int vocab) {
    int b = seeds.length;
    this.s = s;
    this.greedy = s.temperature() == 0f;
    this.vocab = vocab;
    random = new SplittableRandom[b];
    for (int i = 0; i < b; i++) {
      random[i] = new SplittableRandom(seeds[i]);
    }
    tokens = new int[b][s.maxNewTokens()];
    logProbs = new float[b][s.maxNewTokens()];
    length = new int[b];
    stopped = new boolean[b];
    done = new boolean[b];
  }

  /**
   * Samples column {@code t} of every row not yet done from {@code logp}, {@code B * V} floats.
   *
   * @return true while some row goes on
   */
  boolean sample(float[] logp, int t) {
    boolean active = false;
    for (int i = 0; i < tokens.length; i++) {
      if (done[i]) {
        continue;
      }
      int token = TokenSampler.sample(logp, i * vocab, vocab, s, greedy, random[i]);
      tokens[i][t] = token;
      logProbs[i][t] = logp[i * vocab + token];
      length[i]++;
      stopped[i] = s.isStop(token);
      done[i] = stopped[i] || length[i] == s.maxNewTokens();
      active |= !done[i];
    }
    return active;
  }

  /** {@code (B, maxNewTokens)}: the tokens so far, 0 past each row's end (a live array). */
  int[][] tokens() {
    return tokens;
  }

  List<Generation> generations() {
    List<Generation> out = new ArrayList<>(tokens.length);
    for (int i = 0; i < tokens.length; i++) {
      out.add(new Generation(Arrays.copyOf(tokens[i], length[i]),
          Arrays.copyOf(logProbs[i], length[i]), !stopped[i]));
    }
    return out;
  }
}

package dev.ngrpo.learner.loss;

/**
 * The clip range {@code [1 - clipLow, 1 + clipHigh]} of the importance ratio, and the optional
 * dual-clip constant (docs/algorithm.md section 2). {@code clipLow != clipHigh} is NGRPO's asymmetric
 * clipping (0.16 / 0.24) or DAPO's clip-higher (0.2 / 0.28).
 *
 * @param clipLow eps_low in {@code [0, 1)}
 * @param clipHigh eps_high, at least 0
 * @param dualClip c: 0 turns dual-clip off, otherwise above 1 (3 is the usual value)
 */
public record ClipBounds(double clipLow, double clipHigh, double dualClip) {

  public ClipBounds {
    if (!(clipLow >= 0 && clipLow < 1)) {
      throw new IllegalArgumentException("clip-low must be in [0, 1), got " + clipLow);
    }
    if (!(clipHigh >= 0) || !Double.isFinite(clipHigh)) {
      throw new IllegalArgumentException("clip-high must be a finite number >= 0, got " + clipHigh);
    }
    if (!(dualClip == 0 || (dualClip > 1 && Double.isFinite(dualClip)))) {
      throw new IllegalArgumentException("dual-clip must be 0 (off) or > 1, got " + dualClip);
    }
  }

  /** The symmetric PPO range {@code [1 - eps, 1 + eps]}, no dual-clip. */
  public static ClipBounds symmetric(double eps) {
    return new ClipBounds(eps, eps, 0);
  }
}

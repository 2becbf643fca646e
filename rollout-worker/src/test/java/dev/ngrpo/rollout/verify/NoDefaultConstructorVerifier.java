package dev.ngrpo.rollout.verify;

/** A verifier the registry cannot build by class name: it has no no-arg constructor. */
public final class NoDefaultConstructorVerifier implements Verifier {
  private final float score;

  public NoDefaultConstructorVerifier(float score) {
    this.score = score;
  }

  @Override
  public float score(String response, String referenceAnswer) {
    return score;
  }
}

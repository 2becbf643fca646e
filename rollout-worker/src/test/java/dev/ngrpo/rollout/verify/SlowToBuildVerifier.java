package dev.ngrpo.rollout.verify;

/** A plug-in whose constructor takes 30 seconds, as one loading a model might. */
public final class SlowToBuildVerifier implements Verifier {
  public SlowToBuildVerifier() throws InterruptedException {
    Thread.sleep(30_000);
  }

  @Override
  public float score(String response, String referenceAnswer) {
    return 0f;
  }
}

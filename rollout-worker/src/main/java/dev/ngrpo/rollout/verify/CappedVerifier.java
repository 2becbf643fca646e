package dev.ngrpo.rollout.verify;

/**
 * A verifier whose {@link #judge} is primary: it can say when a response exceeded its safety
 * caps, and its score is the verdict's.
 */
abstract class CappedVerifier implements Verifier {
  @Override
  public final float score(String response, String referenceAnswer) {
    return judge(response, referenceAnswer).score();
  }

  @Override
  public abstract Verdict judge(String response, String referenceAnswer);
}

package dev.ngrpo.rollout.worker;

import dev.ngrpo.rollout.verify.Verifier;

/** A test reward: 1 for a response of even length, else 0 (found by class name). */
public final class EvenLengthVerifier implements Verifier {
  @Override
  public float score(String response, String referenceAnswer) {
    return response.length() % 2 == 0 ? 1f : 0f;
  }
}

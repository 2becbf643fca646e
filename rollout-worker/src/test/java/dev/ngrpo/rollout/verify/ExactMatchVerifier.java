package dev.ngrpo.rollout.verify;

/** A user verifier for the registry tests: 1 when the trimmed response equals the reference. */
public final class ExactMatchVerifier implements Verifier {
  private final AnswerFormat format;

  public ExactMatchVerifier() {
    this(AnswerFormat.NONE);
  }

  ExactMatchVerifier(AnswerFormat format) {
    this.format = format;
  }

  AnswerFormat format() {
    return format;
  }

  @Override
  public float score(String response, String referenceAnswer) {
    return response.trim().equals(referenceAnswer) ? 1f : 0f;
  }
}

package dev.ngrpo.rollout.verify;

/** Registers {@link ExactMatchVerifier} as "exact-match" through META-INF/services. */
public final class ExactMatchVerifierProvider implements VerifierProvider {

  @Override
  public String name() {
    return "exact-match";
  }

  @Override
  public Verifier create(AnswerFormat format) {
    return new ExactMatchVerifier(format);
  }
}

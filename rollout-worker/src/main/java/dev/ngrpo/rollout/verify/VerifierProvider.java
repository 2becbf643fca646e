package dev.ngrpo.rollout.verify;

/**
 * A source of a user verifier found with {@link java.util.ServiceLoader}: list the provider's
 * class name in {@code META-INF/services/dev.ngrpo.rollout.verify.VerifierProvider} of the jar
 * that ships it, and select it with {@code ngrpo.verifier.name = <its name>}.
 */
public interface VerifierProvider {

  /** The name that selects this verifier; must not clash with a built-in or another provider. */
  String name();

  /**
   * A new verifier that honours {@code format} (e.g. gives 0 to an answer outside
   * {@code \boxed{}} when the format is {@link AnswerFormat#BOXED}).
   */
  Verifier create(AnswerFormat format);
}

package dev.ngrpo.rollout.verify;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;

/**
 * The {@code ngrpo.verifier} section: which reward function scores responses, its time limit
 * and the required answer format. The reward's scale {@code r_max} belongs to the learner's
 * algorithm and is given to {@link TimeLimitedVerifier} by the caller.
 *
 * @param name a built-in ({@code arithmetic}, {@code math}), a provider's name or a class name
 * @param timeLimitMillis the most time one response's verification may take
 * @param format the form an answer must take to be rewarded
 * @param maxResponseChars responses longer than this score 0 unverified (counted as rejected)
 * @param maxStuckCalls calls still running past their time limit in one executor JVM from
 *     which on its rollout tasks fail
 * @param buildTimeLimitMillis the most time building the verifier may take
 */
public record VerifierSettings(String name, long timeLimitMillis, AnswerFormat format,
    int maxResponseChars, int maxStuckCalls, long buildTimeLimitMillis)
    implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code max-stuck-calls} of verifiers built without settings (tests, the score command). */
  public static final int DEFAULT_MAX_STUCK_CALLS = 8;

  /** The settings with {@code name}, {@code format} and the defaults of the other keys. */
  public static VerifierSettings of(String name, long timeLimitMillis, AnswerFormat format,
      int maxResponseChars) {
    return new VerifierSettings(name, timeLimitMillis, format, maxResponseChars,
        DEFAULT_MAX_STUCK_CALLS, 60_000);
  }

  /** The section's path. */
  public static final String PATH = "ngrpo.verifier";

  /**
   * Reads and checks {@code ngrpo.verifier} of {@code root}, including that the name resolves
   * to a verifier that accepts the format (by building it once, in the context class loader),
   * so that an unknown name fails naming {@code ngrpo.verifier.name}.
   */
  public static VerifierSettings from(Config root) {
    Settings s = Settings.of(root, PATH);
    VerifierSettings settings = new VerifierSettings(
        s.nonBlank("name"),
        s.intIn("time-limit-ms", 1, 600_000),
        AnswerFormat.of(s.oneOf("format", AnswerFormat.names())),
        s.positiveInt("max-response-chars"),
        s.intIn("max-stuck-calls", 1, 10_000),
        s.intIn("build-time-limit-ms", 1, 3_600_000));
    try {
      Verifiers.create(settings);
    } catch (IllegalArgumentException e) {
      throw s.bad("name", e.getMessage());
    }
    return settings;
  }
}

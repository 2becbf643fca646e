package dev.ngrpo.rollout.verify;

import dev.ngrpo.core.config.Registry;
import java.util.List;

/**
 * The form a response's final answer must take to earn a reward ({@code ngrpo.verifier.format}).
 * Tasks whose prompt asks for a boxed answer use {@link #BOXED} so that an answer given any
 * other way scores 0.
 */
public enum AnswerFormat {
  /** Any form the verifier can read (for {@code math}: boxed, "the answer is", last number). */
  NONE("none"),
  /** Only the content of the last {@code \boxed{...}} (or {@code \fbox{...}}) counts. */
  BOXED("boxed");

  private static final Registry<AnswerFormat> BY_NAME =
      Registry.ofEnum("answer format", values(), AnswerFormat::configName);

  private final String configName;

  AnswerFormat(String configName) {
    this.configName = configName;
  }

  /** The value written in the configuration. */
  public String configName() {
    return configName;
  }

  /**
   * {@code answer} written in this format, as a response that scores 1 against it: itself for
   * {@link #NONE}, {@code \boxed{answer}} for {@link #BOXED}. The supervised warm start trains
   * on it, so that the policy learns the form the verifier will require.
   */
  public String render(String answer) {
    return switch (this) {
      case NONE -> answer;
      case BOXED -> "\\boxed{" + answer + "}";
    };
  }

  /** The answer format written {@code name}; fails listing the known ones. */
  public static AnswerFormat of(String name) {
    return BY_NAME.get(name);
  }

  /** The configuration names, in declaration order. */
  public static List<String> names() {
    return BY_NAME.names();
  }
}

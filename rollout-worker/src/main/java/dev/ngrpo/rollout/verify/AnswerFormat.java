package dev.ngrpo.rollout.verify;

import java.util.ArrayList;
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

  private final String configName;

  AnswerFormat(String configName) {
    this.configName = configName;
  }

  /** The value written in the configuration. */
  public String configName() {
    return configName;
  }

  /** The format written {@code name} in the configuration; fails listing the known ones. */
  public static AnswerFormat of(String name) {
    for (AnswerFormat f : values()) {
      if (f.configName.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown answer format '" + name + "'; known: " + names());
  }

  /** The configuration names of every format. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (AnswerFormat f : values()) {
      names.add(f.configName);
    }
    return names;
  }
}

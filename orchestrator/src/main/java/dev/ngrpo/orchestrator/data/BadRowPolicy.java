package dev.ngrpo.orchestrator.data;

import java.util.ArrayList;
import java.util.List;

/** What a bad row does to the run ({@code ngrpo.data.on-bad-row}). */
public enum BadRowPolicy {
  /** Skip it, count it by reason and log the first few. */
  SKIP("skip"),
  /** Stop at the first one, naming its file, line or row, and reason, before training starts. */
  FAIL("fail");

  private final String configName;

  BadRowPolicy(String configName) {
    this.configName = configName;
  }

  /** The value written in the configuration. */
  public String configName() {
    return configName;
  }

  /** The policy written {@code name}; fails listing the known ones. */
  public static BadRowPolicy of(String name) {
    for (BadRowPolicy p : values()) {
      if (p.configName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown bad-row policy '" + name + "'; known: " + names());
  }

  /** The configuration names of every policy. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (BadRowPolicy p : values()) {
      names.add(p.configName);
    }
    return names;
  }
}

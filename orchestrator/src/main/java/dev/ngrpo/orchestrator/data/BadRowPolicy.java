package dev.ngrpo.orchestrator.data;

import dev.ngrpo.core.config.Registry;
import java.util.List;

/** What a bad row does to the run ({@code ngrpo.data.on-bad-row}). */
public enum BadRowPolicy {
  /** Skip it, count it by reason and log the first few. */
  SKIP("skip"),
  /** Stop at the first one, naming its file, line or row, and reason, before training starts. */
  FAIL("fail");

  private static final Registry<BadRowPolicy> BY_NAME =
      Registry.ofEnum("bad-row policy", values(), BadRowPolicy::configName);

  private final String configName;

  BadRowPolicy(String configName) {
    this.configName = configName;
  }

  /** The value written in the configuration. */
  public String configName() {
    return configName;
  }

  /** The bad-row policy written {@code name}; fails listing the known ones. */
  public static BadRowPolicy of(String name) {
    return BY_NAME.get(name);
  }

  /** The configuration names, in declaration order. */
  public static List<String> names() {
    return BY_NAME.names();
  }
}

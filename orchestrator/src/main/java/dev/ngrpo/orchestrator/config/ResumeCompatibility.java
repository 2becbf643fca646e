package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether {@code train --resume} may continue a checkpoint with a new configuration: a resumed
 * run must be the same run, so a key that changes what the run means refuses the resume unless
 * {@code --allow-change} names it, while a key that only extends or observes the run passes and
 * is logged. The class of a key is decided here alone, by its longest listed prefix:
 *
 * <p>Extends or observes (passes, logged at INFO): {@code ngrpo.run.steps}, {@code
 * ngrpo.run.name}, {@code ngrpo.run.output}, {@code ngrpo.run.lock-stale-minutes}, {@code
 * ngrpo.run.memory-check} and {@code ngrpo.run.gpu-memory} (the start-up memory check), {@code
 * ngrpo.eval}, {@code ngrpo.log}, {@code ngrpo.checkpoint}, {@code ngrpo.spark}, {@code
 * ngrpo.weights}, {@code ngrpo.experiment}, {@code ngrpo.model.device}, {@code
 * ngrpo.model.save-dtype}, {@code ngrpo.model.max-shard-mb}, {@code ngrpo.rollout.max-batch-size}, {@code
 * ngrpo.rollout.torch-threads}, {@code ngrpo.learner.micro-batch-size} (gradients add up to the
 * mini-batch's), {@code ngrpo.learner.max-consecutive-nonfinite}, {@code
 * ngrpo.data.max-examples-logged}.
 *
 * <p>Changes what the run means (refused): everything else under {@code ngrpo}, among it the
 * seed, batch size and refill rounds ({@code ngrpo.run.*}), {@code ngrpo.model}, {@code
 * ngrpo.data}, {@code ngrpo.task}, {@code ngrpo.learner} with its algorithm and optimizer,
 * {@code ngrpo.presets}, {@code ngrpo.rollout} (G and sampling), {@code ngrpo.verifier} and
 * {@code ngrpo.sft}. A key nobody listed is refused: a new key changes the run until someone
 * decides it does not.
 *
 * <p>Secret keys ({@link SecretKeys}) are never compared: checkpoints store them redacted.
 * The checkpoint's configuration is read over the current reference defaults, so a key added
 * since the checkpoint was written compares as its default.
 */
public final class ResumeCompatibility {
  private static final Logger LOG = LoggerFactory.getLogger(ResumeCompatibility.class);
  private static final String ROOT = "ngrpo";
  /** Keys (and sections) that only extend or observe a run; see the class comment. */
  private static final Set<String> EXTENDS_OR_OBSERVES = Set.of("ngrpo.run.steps",
      "ngrpo.run.name", "ngrpo.run.output", "ngrpo.run.lock-stale-minutes",
      "ngrpo.run.memory-check", "ngrpo.run.gpu-memory", "ngrpo.eval", "ngrpo.log",
      "ngrpo.checkpoint", "ngrpo.spark", "ngrpo.weights", "ngrpo.experiment",
      "ngrpo.model.device", "ngrpo.model.save-dtype", "ngrpo.model.max-shard-mb",
      "ngrpo.rollout.max-batch-size", "ngrpo.rollout.torch-threads",
      "ngrpo.learner.micro-batch-size", "ngrpo.learner.max-consecutive-nonfinite",
      "ngrpo.data.max-examples-logged");

  private ResumeCompatibility() {}

  /**
   * One key whose value differs.
   *
   * @param key the full dotted key
   * @param before the checkpoint's value, rendered ({@code null} when unset)
   * @param after the new value, rendered
   * @param changesMeaning whether the key changes what the run means
   */
  public record Change(String key, String before, String after, boolean changesMeaning) {
    @Override
    public String toString() {
      return key + ": " + before + " -> " + after;
    }
  }

  /** True when a change of {@code key} (a full dotted path) changes what the run means. */
  public static boolean changesMeaning(String key) {
    List<String> parts = ConfigUtil.splitPath(key);
    for (int n = parts.size(); n > 0; n--) {
      if (EXTENDS_OR_OBSERVES.contains(ConfigUtil.joinPath(parts.subList(0, n)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The keys under {@code ngrpo} whose values differ between {@code saved} (a checkpoint's
   * {@code config.conf}) and {@code now}, sorted, secrets left out. Values are compared as the
   * configuration reads them: {@code 4}, {@code 4.0} and {@code "4"} are one value.
   */
  public static List<Change> changes(String saved, Config now) {
    Config before = ConfigFactory.parseString(saved)
        .withFallback(ConfigFactory.defaultReference()).resolve();
    Map<String, ConfigValue> a = leaves(before);
    Map<String, ConfigValue> b = leaves(now);
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<Change> out = new ArrayList<>();
    for (String key : keys) {
      ConfigValue x = a.get(key);
      ConfigValue y = b.get(key);
      if (!SecretKeys.isSecret(key) && !canonical(x).equals(canonical(y))) {
        out.add(new Change(key, shown(x), shown(y), changesMeaning(key)));
      }
    }
    return out;
  }

  /**
   * Checks that a run of {@code now} may resume {@code checkpoint}, whose configuration is
   * {@code saved}: logs each change that only extends or observes, and each allowed one.
   *
   * @param option the option that asked for the resume ({@code --resume},
   *     {@code --resume-or-start}), which a refusal names
   * @param allowed keys or sections whose changes {@code --allow-change} accepts
   * @throws ConfigurationError listing every refused change with its old and new value, or
   *     naming an allowed key that is not a configuration key
   */
  public static List<Change> check(String option, String checkpoint, String saved, Config now,
      Collection<String> allowed) {
    for (String key : allowed) {
      if (!now.hasPathOrNull(key)) {
        throw new ConfigurationError("--allow-change " + key + ": not a configuration key"
            + " (give full keys or sections, e.g. ngrpo.run.seed or ngrpo.rollout)");
      }
    }
    List<Change> changes = changes(saved, now);
    List<Change> refused = changes.stream()
        .filter(c -> c.changesMeaning() && !covered(c.key(), allowed)).toList();
    if (!refused.isEmpty()) {
      throw new ConfigurationError(String.format("%s would continue %s with %d %s that"
          + " %s what the run means:%n  %s%nResume with the checkpoint's values, start a new run"
          + " in another ngrpo.run.output, or accept the %s with --allow-change %s",
          option, checkpoint, refused.size(), refused.size() == 1 ? "key" : "keys",
          refused.size() == 1 ? "changes" : "change",
          refused.stream().map(Change::toString)
              .collect(Collectors.joining(System.lineSeparator() + "  ")),
          refused.size() == 1 ? "change" : "changes",
          refused.stream().map(Change::key).collect(Collectors.joining(","))));
    }
    for (Change c : changes) {
      if (c.changesMeaning()) {
        LOG.warn("resuming {} with a change allowed by --allow-change: {}", checkpoint, c);
      } else {
        LOG.info("resuming {} with a change that extends or observes the run: {}", checkpoint,
            c);
      }
    }
    return changes;
  }

  private static boolean covered(String key, Collection<String> allowed) {
    List<String> parts = ConfigUtil.splitPath(key);
    for (int n = parts.size(); n > 0; n--) {
      if (allowed.contains(ConfigUtil.joinPath(parts.subList(0, n)))) {
        return true;
      }
    }
    return false;
  }

  /** The leaves under {@code ngrpo}, null ones included, by full dotted path. */
  private static Map<String, ConfigValue> leaves(Config config) {
    Map<String, ConfigValue> out = new TreeMap<>();
    if (config.hasPath(ROOT)) {
      collect(config.getObject(ROOT), List.of(ROOT), out);
    }
    return out;
  }

  private static void collect(ConfigObject o, List<String> path, Map<String, ConfigValue> out) {
    for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
      List<String> key = new ArrayList<>(path);
      key.add(e.getKey());
      if (e.getValue() instanceof ConfigObject child) {
        collect(child, key, out);
      } else {
        out.put(ConfigUtil.joinPath(key), e.getValue());
      }
    }
  }

  /** A value as the configuration reads it, for comparison; "null" when unset or null. */
  private static String canonical(ConfigValue v) {
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return "null";
    }
    return switch (v.valueType()) {
      case NUMBER -> number(v.unwrapped().toString());
      case STRING -> {
        String s = (String) v.unwrapped();
        yield isNumber(s) ? number(s) : s;
      }
      case LIST -> ((ConfigList) v).stream()
          .map(ResumeCompatibility::canonical).collect(Collectors.joining(",", "[", "]"));
      default -> v.render(ConfigRenderOptions.concise());
    };
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String number(String s) {
    try {
      return new BigDecimal(s.strip()).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return s; // NaN, Infinity
    }
  }

  private static String shown(ConfigValue v) {
    return v == null ? "null" : v.render(ConfigRenderOptions.concise());
  }
}

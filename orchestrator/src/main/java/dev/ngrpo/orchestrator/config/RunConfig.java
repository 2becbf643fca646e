package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.ngrpo.core.config.UnknownKeys;
import dev.ngrpo.core.model.ModelSettings;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.orchestrator.data.DataSettings;
import dev.ngrpo.orchestrator.task.TaskSettings;
import dev.ngrpo.rollout.verify.VerifierSettings;
import dev.ngrpo.rollout.verify.Verifiers;
import dev.ngrpo.rollout.worker.RolloutSettings;
import java.io.File;
import java.util.List;

/**
 * The whole configuration of a run, read once and validated before Spark starts: the
 * modules' {@code reference.conf} defaults, overridden by the run file, by {@code -D} system
 * properties and by {@code --set key=value}, in that order. Every section is parsed here, and
 * a key under {@code ngrpo} that no reference.conf declares is an error, so a typo or a bad
 * value stops the program with the key's name before any work.
 *
 * @param resolved the merged, resolved configuration (stored with every checkpoint)
 * @param run {@code ngrpo.run}
 * @param spark {@code ngrpo.spark}
 * @param checkpoint {@code ngrpo.checkpoint}
 * @param weights {@code ngrpo.weights}
 * @param eval {@code ngrpo.eval}
 * @param sft {@code ngrpo.sft}
 * @param model {@code ngrpo.model}
 * @param rollout {@code ngrpo.rollout}
 * @param learner {@code ngrpo.learner} with the chosen preset
 * @param verifier {@code ngrpo.verifier}
 * @param task {@code ngrpo.task}
 * @param data {@code ngrpo.data}
 */
public record RunConfig(Config resolved, RunSettings run, SparkSettings spark,
    CheckpointSettings checkpoint, WeightsSettings weights, EvalSettings eval, SftSettings sft, ModelSettings model,
    RolloutSettings rollout, LearnerConfig learner, VerifierSettings verifier,
    TaskSettings task, DataSettings data) {
  /** Keys that reference.conf substitutes into another, or whose value is substituted. */
  private static final List<String> SUBSTITUTED = List.of("ngrpo.run.name", "ngrpo.run.output");

  /**
   * Loads a run.
   *
   * @param file the run file, or null for the defaults alone
   * @param overrides {@code key=value} pairs; a value is HOCON when it parses as one
   *     ({@code 0.5}, {@code true}, {@code [1,2]}), else a plain string ({@code local[2]})
   */
  public static RunConfig load(File file, List<String> overrides) {
    Config layered = overrides(overrides).withFallback(ConfigFactory.systemProperties());
    if (file != null) {
      if (!file.isFile()) {
        throw new IllegalArgumentException("configuration file " + file + " does not exist");
      }
      layered = layered.withFallback(ConfigFactory.parseFile(file,
          ConfigParseOptions.defaults().setAllowMissing(false)));
    }
    return of(layered);
  }

  /** Validates {@code config} layered over the reference defaults. */
  public static RunConfig of(Config config) {
    // Unresolved, so that reference substitutions (output = "runs/"${ngrpo.run.name}) see the
    // run's own values.
    Config reference = ConfigFactory.defaultReferenceUnresolved();
    checkSubstituted(config);
    Config resolved = config.withFallback(reference).resolve();
    UnknownKeys.check(resolved, reference, "ngrpo");
    RunConfig run = new RunConfig(resolved, RunSettings.from(resolved),
        SparkSettings.from(resolved), CheckpointSettings.from(resolved),
        WeightsSettings.from(resolved),
        EvalSettings.from(resolved), SftSettings.from(resolved), ModelSettings.from(resolved),
        RolloutSettings.from(resolved), LearnerConfig.from(resolved),
        VerifierSettings.from(resolved), TaskSettings.from(resolved),
        DataSettings.from(resolved));
    Verifiers.create(run.verifier()); // an unknown verifier name or class fails here
    return run;
  }

  /**
   * Fails naming the key when {@code config} sets one of {@link #SUBSTITUTED} to an object or
   * a list: resolving the reference's {@code "runs/"${ngrpo.run.name}} would fail first, with
   * a message naming a line of reference.conf instead. Values not resolved yet are left to
   * the resolution.
   */
  private static void checkSubstituted(Config config) {
    for (String key : SUBSTITUTED) {
      ConfigValue v = config.root();
      try {
        for (String part : ConfigUtil.splitPath(key)) {
          v = v instanceof ConfigObject o ? o.get(part) : null;
        }
        if (v != null && (v.valueType() == ConfigValueType.OBJECT
            || v.valueType() == ConfigValueType.LIST)) {
          throw new ConfigException.BadValue(key, "must be a string, got " + v.render());
        }
      } catch (ConfigException.NotResolved e) {
        // a substitution of the user's own: the resolution reports what is wrong with it
      }
    }
  }

  private static Config overrides(List<String> pairs) {
    Config c = ConfigFactory.empty();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException.BadPath(pair, "--set takes key=value");
      }
      String key = pair.substring(0, eq).trim();
      try {
        ConfigUtil.splitPath(key);
      } catch (ConfigException e) {
        throw new ConfigException.BadPath(key, "not a configuration key", e);
      }
      c = c.withValue(key, value(pair.substring(eq + 1).trim()));
    }
    return c;
  }

  private static ConfigValue value(String text) {
    try {
      return ConfigFactory.parseString("v = " + text).getValue("v");
    } catch (ConfigException e) {
      return ConfigValueFactory.fromAnyRef(text);
    }
  }

  /**
   * The {@code ngrpo} tree as HOCON, for checkpoints and the log, with every secret's value
   * written as {@value SecretKeys#REDACTED} ({@link SecretKeys}): a resumed run takes its
   * secrets from its own command line again.
   */
  public String render() {
    return SecretKeys.redact(resolved.getConfig("ngrpo").atKey("ngrpo")).root()
        .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
  }
}

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
import dev.ngrpo.learner.advantage.AdvantageEstimator;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.learner.config.LearnerSetup;
import dev.ngrpo.orchestrator.data.DataSettings;
import dev.ngrpo.orchestrator.task.TaskSettings;
import dev.ngrpo.rollout.verify.VerifierSettings;
import dev.ngrpo.rollout.worker.RolloutSettings;
import java.io.File;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * @param verifier {@code ngrpo.verifier}, as the executors read it
 * @param verifierLimits the keys of {@code ngrpo.verifier} the driver reads
 * @param task {@code ngrpo.task}
 * @param data {@code ngrpo.data}
 * @param log {@code ngrpo.log}
 */
public record RunConfig(Config resolved, RunSettings run, SparkSettings spark,
    CheckpointSettings checkpoint, WeightsSettings weights, EvalSettings eval, SftSettings sft, ModelSettings model,
    RolloutSettings rollout, LearnerConfig learner, VerifierSettings verifier,
    VerifierLimits verifierLimits,
    TaskSettings task, DataSettings data, LogSettings log) {
  private static final Logger LOG = LoggerFactory.getLogger(RunConfig.class);
  /** The root of every key a run reads. */
  private static final String NAMESPACE = "ngrpo";
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
      Config run = ConfigFactory.parseFile(file,
          ConfigParseOptions.defaults().setAllowMissing(false));
      warnOutsideNamespace(file, run);
      layered = layered.withFallback(run);
    }
    return of(layered);
  }

  /**
   * Warns about the top-level keys of a run file other than {@code ngrpo}: nothing reads them
   * (a {@code spark { ... }} block next to {@code ngrpo} does not configure Spark), but HOCON
   * files may hold values that {@code ngrpo} keys substitute, so they are not errors.
   */
  private static void warnOutsideNamespace(File file, Config run) {
    for (String key : new TreeSet<>(run.root().keySet())) {
      if (!key.equals(NAMESPACE)) {
        LOG.warn("{}: top-level key '{}' is not read (only the {} tree configures a run; Spark"
            + " properties go under ngrpo.spark.conf)", file, key, NAMESPACE);
      }
    }
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
        VerifierSettings.from(resolved), VerifierLimits.from(resolved),
        TaskSettings.from(resolved), DataSettings.from(resolved), LogSettings.from(resolved));
    checkGroupSize(run.rollout(), run.learner());
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
      List<String> path;
      try {
        path = ConfigUtil.splitPath(key);
      } catch (ConfigException e) {
        throw new ConfigException.BadPath(key, "not a configuration key", e);
      }
      if (!path.get(0).equals(NAMESPACE)) {
        throw outsideNamespace(key, path);
      }
      c = c.withValue(key, value(pair.substring(eq + 1).trim()));
    }
    return c;
  }

  /**
   * {@code --set run.steps=5} used to be read into a tree nothing looks at, and the run went its
   * full length: a key outside {@code ngrpo} is refused, with the spelling that works.
   */
  private static ConfigException outsideNamespace(String key, List<String> path) {
    String hint = path.get(0).equals("spark")
        ? "Spark properties go under ngrpo.spark.conf, e.g. --set ngrpo.spark.conf.\""
            + key + "\"=..."
        : "did you mean ngrpo." + key + "?";
    return new ConfigException.BadPath(key, "--set takes only keys under " + NAMESPACE + "; "
        + hint);
  }

  /**
   * Fails naming {@code ngrpo.rollout.group-size} when G is below what the advantage estimator
   * needs: group statistics (a mean, a std, a leave-one-out baseline) are those of one
   * response at G = 1, and every advantage is then 0 or the reward itself.
   */
  private static void checkGroupSize(RolloutSettings rollout, LearnerConfig learner) {
    AdvantageEstimator estimator = learner.algorithm().newAdvantageEstimator();
    int minimum = estimator.minimumGroupSize();
    if (rollout.groupSize() < minimum) {
      throw new ConfigException.BadValue("ngrpo.rollout.group-size", "must be at least "
          + minimum + " for the advantage estimator '"
          + learner.algorithm().advantageEstimator() + "' (ngrpo.learner.preset = "
          + learner.algorithm().preset() + "), which compares the responses of a group; got "
          + rollout.groupSize());
    }
  }

  private static ConfigValue value(String text) {
    try {
      return ConfigFactory.parseString("v = " + text).getValue("v");
    } catch (ConfigException e) {
      return ConfigValueFactory.fromAnyRef(text);
    }
  }

  /**
   * What the run's learner is built from: the learner section with the rollout temperature and
   * max new tokens, the run's steps, its seed and the frozen type of its KL reference.
   */
  public LearnerSetup learnerSetup() {
    return new LearnerSetup(learner, rollout.temperature(), rollout.maxNewTokens(), run.steps(),
        run.seed(), model.frozenDtype());
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

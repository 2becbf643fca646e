package dev.ngrpo.lab.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.core.config.UnknownKeys;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.orchestrator.config.EvalSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ngrpo.experiment} section.
 *
 * @param methods name to {@code ngrpo.learner} overrides, in the order listed (the first is
 *     the one the others' differences are measured against)
 * @param seeds run seeds
 * @param curveEvery greedy held-out evaluation period, in steps
 * @param compositionPrompts prompts sampled to measure the base model's group composition
 * @param compositionGroupSize G of that measurement
 * @param finalEval the final evaluation (samples, temperature, top-p, pass@k)
 */
public record ExperimentSettings(Map<String, Config> methods, List<Long> seeds, int curveEvery,
    int compositionPrompts, int compositionGroupSize, EvalSettings finalEval) {

  /** Reads and validates the section; every method's learner keys are checked too. */
  public static ExperimentSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.experiment");
    Map<String, Config> methods = new LinkedHashMap<>();
    List<? extends ConfigObject> listed = s.objects("methods");
    for (int i = 0; i < listed.size(); i++) {
      Settings method = Settings.at(listed.get(i).toConfig(), s.key("methods[" + i + "]"));
      if (!method.has("name") || method.string("name").isBlank()) {
        throw s.bad("methods[" + i + "]", "needs a name");
      }
      String name = method.string("name");
      if (methods.containsKey(name)) {
        throw s.bad("methods[" + i + "]", "repeats the name '" + name + "'");
      }
      methods.put(name, learnerKeys(root, method));
    }
    if (methods.isEmpty()) {
      throw s.bad("methods", "lists no method to compare (see conf/experiment.conf)");
    }
    List<Long> seeds = s.longs("seeds", Long.MIN_VALUE, Long.MAX_VALUE);
    if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
      throw s.bad("seeds", "must be distinct and not empty, got " + seeds);
    }
    Settings composition = s.section("base-composition");
    // The held-out prompts (path, size) are the run's own, ngrpo.eval.
    EvalSettings finalEval = EvalSettings.from(s.section("final-eval"),
        Settings.of(root, "ngrpo.eval"));
    return new ExperimentSettings(methods, seeds, s.positiveInt("curve-every"),
        composition.positiveInt("prompts"), composition.intIn("group-size", 2, 4096),
        finalEval);
  }

  /**
   * The method's keys but its name, which override {@code ngrpo.learner}: a key that section
   * does not declare fails naming it, and so does a bad preset or value (as the learner's key).
   */
  private static Config learnerKeys(Config root, Settings method) {
    Config learner = method.config().withoutPath("name");
    List<String> unknown = UnknownKeys.find(learner.atPath(LearnerConfig.PATH),
            ConfigFactory.defaultReferenceUnresolved(), LearnerConfig.PATH).stream()
        .map(k -> k.substring(LearnerConfig.PATH.length() + 1)).toList();
    if (!unknown.isEmpty()) {
      throw method.bad(unknown.get(0), "unknown key" + (unknown.size() > 1 ? "s " + unknown : "")
          + " (a method's keys are those of " + LearnerConfig.PATH + "; check the spelling)");
    }
    LearnerConfig.from(learner.atPath(LearnerConfig.PATH).withFallback(root).resolve());
    return learner;
  }
}

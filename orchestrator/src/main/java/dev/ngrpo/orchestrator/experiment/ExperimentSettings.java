package dev.ngrpo.orchestrator.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import dev.ngrpo.core.config.Settings;
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
    List<? extends ConfigObject> listed = s.config().getObjectList("methods");
    for (int i = 0; i < listed.size(); i++) {
      Config method = listed.get(i).toConfig();
      if (!method.hasPath("name") || method.getString("name").isBlank()) {
        throw s.bad("methods[" + i + "]", "needs a name");
      }
      String name = method.getString("name");
      if (methods.containsKey(name)) {
        throw s.bad("methods[" + i + "]", "repeats the name '" + name + "'");
      }
      Config learner = method.withoutPath("name");
      // Fails, naming the key, when the method's preset or overrides are not valid.
      LearnerConfig.from(learner.atPath("ngrpo.learner").withFallback(root).resolve());
      methods.put(name, learner);
    }
    if (methods.isEmpty()) {
      throw s.bad("methods", "lists no method to compare (see conf/experiment.conf)");
    }
    List<Long> seeds = s.config().getLongList("seeds");
    if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
      throw s.bad("seeds", "must be distinct and not empty, got " + seeds);
    }
    Settings composition = s.section("base-composition");
    // The held-out prompts (path, size) are the run's own, ngrpo.eval.
    Config eval = s.config().getConfig("final-eval").withFallback(root.getConfig("ngrpo.eval"))
        .atPath("ngrpo.eval");
    return new ExperimentSettings(methods, List.copyOf(seeds), s.positiveInt("curve-every"),
        composition.positiveInt("prompts"), composition.intIn("group-size", 2, 4096),
        EvalSettings.from(eval));
  }
}

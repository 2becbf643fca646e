package dev.ngrpo.lab.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.core.config.UnknownKeys;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.orchestrator.config.EvalSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The {@code ngrpo.experiment} section.
 *
 * @param methods the methods compared, in the order listed
 * @param seeds run seeds
 * @param curveEvery greedy held-out evaluation period, in steps
 * @param compositionPrompts prompts sampled to measure the base model's group composition
 * @param compositionGroupSize G of that measurement
 * @param finalEval the final evaluation (samples, temperature, top-p, pass@k)
 * @param reference the method every other one's paired differences are measured against
 * @param takeOffMargin how far above the base model's greedy held-out accuracy a run must stay
 *     to count as taken off ({@link TakeOff})
 * @param plateauSteps steps without a new best greedy held-out accuracy that end a run
 *     ({@link Plateau}); 0: every run trains {@code ngrpo.run.steps}
 */
public record ExperimentSettings(List<ExperimentMethod> methods, List<Long> seeds,
    int curveEvery, int compositionPrompts, int compositionGroupSize, EvalSettings finalEval,
    String reference, double takeOffMargin, int plateauSteps) {

  /** A method's name: it names a run folder and plot files. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Reads and validates the section; every method's learner keys are checked too. */
  public static ExperimentSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.experiment");
    List<ExperimentMethod> methods = new ArrayList<>();
    List<? extends ConfigObject> listed = s.objects("methods");
    for (int i = 0; i < listed.size(); i++) {
      methods.add(method(root, s, listed.get(i), i, methods));
    }
    if (methods.isEmpty()) {
      throw s.bad("methods", "lists no method to compare (see conf/experiment.conf)");
    }
    List<String> names = methods.stream().map(ExperimentMethod::name).toList();
    String reference = s.string("reference");
    if (reference.isEmpty()) {
      reference = names.get(0);
    } else if (!names.contains(reference)) {
      throw s.bad("reference", "must be one of the methods " + names + " (or empty: the first),"
          + " got '" + reference + "'");
    }
    List<Long> seeds = s.longs("seeds", Long.MIN_VALUE, Long.MAX_VALUE);
    if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
      throw s.bad("seeds", "must be distinct and not empty, got " + seeds);
    }
    Settings composition = s.section("base-composition");
    // The held-out prompts (path, size) are the run's own, ngrpo.eval.
    EvalSettings finalEval = EvalSettings.from(s.section("final-eval"),
        Settings.of(root, "ngrpo.eval"));
    return new ExperimentSettings(List.copyOf(methods), seeds, s.positiveInt("curve-every"),
        composition.positiveInt("prompts"), composition.intIn("group-size", 2, 4096),
        finalEval, reference, s.doubleIn("take-off-margin", 0, 1),
        s.intIn("plateau-steps", 0, Integer.MAX_VALUE));
  }

  /** The methods' names, in the order listed. */
  public List<String> names() {
    return methods.stream().map(ExperimentMethod::name).toList();
  }

  /** These settings with other seeds (the CLI's --quick keeps the first). */
  public ExperimentSettings withSeeds(List<Long> other) {
    return new ExperimentSettings(methods, List.copyOf(other), curveEvery, compositionPrompts,
        compositionGroupSize, finalEval, reference, takeOffMargin, plateauSteps);
  }

  private static ExperimentMethod method(Config root, Settings s, ConfigObject entry, int i,
      List<ExperimentMethod> before) {
    Settings method = Settings.at(entry.toConfig(), s.key("methods[" + i + "]"));
    if (!method.has("name") || method.string("name").isBlank()) {
      throw s.bad("methods[" + i + "]", "needs a name");
    }
    String name = method.string("name");
    if (!NAME.matcher(name).matches()) {
      throw method.bad("name", "must be letters, digits, '.', '_' and '-', starting with a"
          + " letter or digit (it names folders and plot files), got '" + name + "'");
    }
    if (before.stream().anyMatch(m -> m.name().equals(name))) {
      throw s.bad("methods[" + i + "]", "repeats the name '" + name + "'");
    }
    OptionalInt steps = method.has("steps") ? OptionalInt.of(method.positiveInt("steps"))
        : OptionalInt.empty();
    Optional<String> tokensOf = Optional.empty();
    if (method.has("tokens-of")) {
      String of = method.string("tokens-of");
      if (before.stream().noneMatch(m -> m.name().equals(of))) {
        throw method.bad("tokens-of", "must name a method listed before this one ("
            + before.stream().map(ExperimentMethod::name).toList() + "), whose runs bound this"
            + " one's generated tokens seed by seed, got '" + of + "'");
      }
      tokensOf = Optional.of(of);
    }
    return new ExperimentMethod(name, learnerKeys(root, method), steps, tokensOf);
  }

  /**
   * The method's keys but its name, steps and tokens-of, which override {@code
   * ngrpo.learner}: a key that section does not declare fails naming it, and so does a bad
   * preset or value (as the learner's key).
   */
  private static Config learnerKeys(Config root, Settings method) {
    Config learner = method.config().withoutPath("name").withoutPath("steps")
        .withoutPath("tokens-of");
    List<String> unknown = UnknownKeys.find(learner.atPath(LearnerConfig.PATH),
            ConfigFactory.defaultReferenceUnresolved(), LearnerConfig.PATH).stream()
        .map(k -> k.substring(LearnerConfig.PATH.length() + 1)).toList();
    if (!unknown.isEmpty()) {
      throw method.bad(unknown.get(0), "unknown key" + (unknown.size() > 1 ? "s " + unknown : "")
          + " (a method's keys are those of " + LearnerConfig.PATH + ", steps and tokens-of;"
          + " check the spelling)");
    }
    LearnerConfig.from(learner.atPath(LearnerConfig.PATH).withFallback(root).resolve());
    return learner;
  }
}

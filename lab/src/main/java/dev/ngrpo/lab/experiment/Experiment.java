package dev.ngrpo.lab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.learner.filter.GroupComposition;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.train.EvalResult;
import dev.ngrpo.orchestrator.train.Evaluator;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import dev.ngrpo.orchestrator.train.SupervisedWarmStart;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import dev.ngrpo.orchestrator.train.TrainingRun;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.worker.RolloutJob;
import dev.ngrpo.rollout.worker.RolloutSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * A comparison of RL methods under identical conditions: one base model (warm-started once,
 * or given), then every method trained from it once per seed (seed s: the same data order and
 * rollout seeds for every method), each run's greedy held-out accuracy tracked during training
 * and its final weights evaluated with n samples per held-out problem. All runs share one Spark
 * session. A method may be capped at fewer steps ({@link ExperimentMethod}), and a run may end
 * at a plateau ({@link Plateau}). Results go to the output folder ({@link ExperimentReport}).
 *
 * <p>An experiment can be interrupted and run again: the base model and every finished run
 * are kept in the output folder with fingerprints of the settings that made them ({@link
 * Fingerprint}), and an invocation reuses those its own settings would make again, training
 * only the rest. A base model made with other settings is refused rather than reused; a run
 * made with other settings is trained again. So a long comparison can be spread over several
 * sittings, and adding a seed or a method trains only what is new.
 */
public final class Experiment {
  /** The keys a warm-started base model is made from. */
  private static final String[] BASE_KEYS = {"ngrpo.model", "ngrpo.sft", "ngrpo.task",
      "ngrpo.data", "ngrpo.run.seed"};
  /** The base model's fingerprint, in its folder. */
  static final String BASE_FINGERPRINT = "experiment-base.sha256";
  /** A finished run's result and fingerprints, in its folder. */
  static final String RESULT = "result.json";
  /** How the training loop's line after a termination signal begins. */
  private static final String SIGNALLED = "stopped by a termination signal";

  private final RunConfig base;
  private final ExperimentSettings settings;
  private final Consumer<String> console;

  public Experiment(RunConfig base, ExperimentSettings settings, Consumer<String> console) {
    this.base = base;
    this.settings = settings;
    this.console = console;
  }

  /** Runs every method with every seed and writes the report; returns the results. */
  public ExperimentReport run() throws IOException {
    long start = System.nanoTime();
    try (RunContext context = RunContext.open(base)) {
      Path output = context.outputOf(base);
      String baseModel = baseModel(context, output);
      BaseModel baseline = measureBase(context, baseModel);
      List<RunResult> results = new ArrayList<>();
      for (long seed : settings.seeds()) {
        Map<String, RunResult> ofSeed = new HashMap<>();
        for (ExperimentMethod method : settings.methods()) {
          OptionalLong budget = method.tokensOf().stream()
              .mapToLong(m -> ofSeed.get(m).generatedTokens()).findFirst();
          RunResult r = train(context, output, baseModel, method, seed,
              baseline.greedyAccuracy(), budget);
          ofSeed.put(method.name(), r);
          results.add(r);
        }
      }
      ExperimentReport report = new ExperimentReport(settings, baseline, results,
          (System.nanoTime() - start) / 1e9);
      report.write(context.fileSystem(), output);
      return report;
    }
  }

  /** The base model folder: the configured one, or a warm start saved to output/base. */
  private String baseModel(RunContext context, Path output) throws IOException {
    if (!base.model().fresh() && base.sft().steps() == 0) {
      return base.model().path();
    }
    Path folder = new Path(output, "base");
    HadoopModelFiles files = new HadoopModelFiles(context.fileSystem(), folder);
    String fingerprint = Fingerprint.of(base.resolved(), BASE_KEYS);
    Path fingerprintFile = new Path(folder, BASE_FINGERPRINT);
    if (files.exists(ModelFolder.CONFIG)) {
      if (!context.fileSystem().exists(fingerprintFile)
          || !fingerprint.equals(RunStore.read(context.fileSystem(), fingerprintFile).trim())) {
        throw new IllegalArgumentException("the base model in " + folder + " was not made with"
            + " this configuration's " + String.join(", ", BASE_KEYS) + " (its "
            + BASE_FINGERPRINT + " is missing or differs): give the experiment another"
            + " ngrpo.run.output, or delete that folder to warm-start again");
      }
      console.accept("base model: reusing " + folder);
      return folder.toString();
    }
    try (StartingPolicy start = StartingPolicy.create(base.model(),
        context.driverDevice(), context.hadoop())) {
      SupervisedWarmStart.run(start.model(), context.tokenizer(), context.data().train(),
          base.sft(), base.verifier().format(), base.run().seed(),
          line -> console.accept("base model: " + line));
      ModelFolder.save(start.model(), context.tokenizer(), files, base.model().saveDtype(),
          base.model().maxShardBytes());
    }
    RunStore.write(context.fileSystem(), fingerprintFile,
        (fingerprint + "\n").getBytes(StandardCharsets.UTF_8));
    return folder.toString();
  }

  /** The base model's group composition on training prompts and its held-out evaluation. */
  private BaseModel measureBase(RunContext context, String baseModel) throws IOException {
    RunConfig config = configure(base, Map.of("ngrpo.model.path", baseModel,
        "ngrpo.sft.steps", 0));
    try (StartingPolicy policy = StartingPolicy.create(config.model(),
        context.driverDevice(), context.hadoop());
        WeightsPublisher publisher = context.publisherFor(config)) {
      var weights = publisher.publish(0, policy.model());
      RolloutJob job = context.jobFor(config);
      RolloutSettings r = config.rollout();
      RolloutJob sampling = job.with(new RolloutSettings(settings.compositionGroupSize(),
          r.temperature(), r.topP(), r.topK(), r.maxNewTokens(), r.maxBatchSize(),
          r.torchThreads()));
      var tasks = context.data().train().first(settings.compositionPrompts()).tasks();
      List<RolloutGroup> groups = context.rollout().run("base model: group composition", tasks,
          sampling, weights);
      GroupComposition composition = GroupComposition.of(groups);
      EvalResult greedy = context.evaluatorFor(config, job).orElseThrow(
          () -> new IllegalArgumentException("an experiment compares held-out accuracy, but"
              + " the configuration has no held-out split (ngrpo.eval)"))
          .evaluate("base", 0, weights);
      EvalResult sampled = new Evaluator(context.rollout(), context.data().test(),
          settings.finalEval(), job).evaluate("base", 0, weights);
      BaseModel b = new BaseModel(baseModel, composition, groups.size(),
          settings.compositionGroupSize(), greedy.accuracy(), sampled);
      console.accept(b.describe());
      return b;
    }
  }

  /**
   * Trains (or reuses) {@code method}'s run with {@code seed}, ending it at a plateau when
   * {@code plateau-steps} is set and once it has generated {@code tokenBudget} response tokens
   * when present.
   */
  private RunResult train(RunContext context, Path output, String baseModel,
      ExperimentMethod method, long seed, double baseAccuracy, OptionalLong tokenBudget)
      throws IOException {
    long start = System.nanoTime();
    Path runOutput = new Path(output, "runs/" + method.name() + "/seed-" + seed);
    Config overrides = method.learner().atPath("ngrpo.learner");
    RunConfig config = configure(base, Map.ofEntries(Map.entry("ngrpo.model.path", baseModel),
        Map.entry("ngrpo.sft.steps", 0), Map.entry("ngrpo.run.seed", seed),
        Map.entry("ngrpo.run.steps", method.stepsWithin(base.run().steps())),
        Map.entry("ngrpo.run.output", runOutput.toString()),
        Map.entry("ngrpo.eval.every", settings.curveEvery()), Map.entry("ngrpo.eval.samples", 1),
        Map.entry("ngrpo.eval.temperature", 0.0), Map.entry("ngrpo.eval.pass-k", List.of(1)),
        Map.entry("ngrpo.checkpoint.every", 0), Map.entry("ngrpo.checkpoint.keep-last", 1)),
        overrides);
    String label = method.name() + " seed " + seed;
    String fingerprint = runFingerprint(config) + (tokenBudget.isPresent()
        ? " tokens " + tokenBudget.getAsLong() : "");
    var stored = RunStore.stored(context.fileSystem(), runOutput);
    if (stored.isPresent() && stored.get().fingerprint().equals(fingerprint)) {
      RunResult done = stored.get().result().measuredFrom(baseAccuracy, settings.takeOffMargin());
      console.accept(String.format("[%s] reusing the finished run in %s: accuracy %.3f%s"
          + "  (%d steps, %.0fs then)", label, runOutput, done.finalEval().accuracy(),
          passes(done.finalEval()), done.steps().size(), done.seconds()));
      return done;
    }
    if (stored.isPresent()) {
      console.accept("[" + label + "] training again: the run in " + runOutput
          + " was made with other settings");
    }
    context.fileSystem().delete(runOutput, true);
    EvalResult finalEval;
    Consumer<String> progress = line -> {
      if (line.startsWith(SIGNALLED)) {
        // said here, while the signal's shutdown hook still waits for the loop: once the loop
        // has returned, the JVM may halt before ExperimentInterrupted is printed. A run's
        // "continue with train --resume" is not how an experiment goes on.
        console.accept("[" + label + "] " + line.substring(0, line.indexOf(':')) + ": "
            + ExperimentInterrupted.WHAT_NOW);
      } else if (line.startsWith("eval") || line.startsWith("stopped")
          || line.endsWith("ETA 0s")) {
        console.accept("[" + label + "] " + line);
      }
    };
    TrainingLoop.StopRule stopRule = settings.plateauSteps() > 0
        ? new Plateau(settings.plateauSteps(), baseAccuracy) : TrainingLoop.StopRule.NEVER;
    if (tokenBudget.isPresent()) {
      stopRule = stopRule.or(new TokenBudget(tokenBudget.getAsLong(),
          method.tokensOf().orElseThrow()));
    }
    try (TrainingRun run = TrainingRun.open(context, config, false, progress)) {
      if (new TrainingLoop(run, progress, stopRule).run().terminated()) {
        // an incomplete run is no result: leave no result.json, so the next invocation
        // trains it again from its start
        throw new ExperimentInterrupted(label);
      }
      finalEval = run.evaluateWith(settings.finalEval(), "final");
    }
    List<double[]> curve = new ArrayList<>();
    for (JsonNode e : RunLog.records(context.fileSystem(), runOutput, RunLog.EVALS)) {
      curve.add(new double[] {e.get("step").asDouble(), e.get("accuracy").asDouble()});
    }
    List<double[]> steps = new ArrayList<>();
    long groups = 0;
    long tokens = 0;
    for (JsonNode m : RunLog.records(context.fileSystem(), runOutput, RunLog.METRICS)) {
      double generated = Math.max(1, m.get(MetricNames.GROUPS_GENERATED).asDouble());
      groups += m.get(MetricNames.GROUPS_GENERATED).asLong();
      tokens += m.get(MetricNames.ROLLOUT_TOKENS).asLong();
      steps.add(new double[] {m.get("step").asDouble() + 1,
          m.get(MetricNames.GROUPS_ALL_WRONG).asDouble() / generated,
          m.get(MetricNames.ENTROPY).asDouble(), m.get(MetricNames.LENGTH_MEAN).asDouble(),
          m.get(MetricNames.CLIP_POSITIVE).asDouble(),
          m.get(MetricNames.CLIP_NEGATIVE).asDouble()});
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    console.accept(String.format("[%s] final: accuracy %.3f%s  (%.0fs)", label,
        finalEval.accuracy(), passes(finalEval), seconds));
    RunResult result = new RunResult(method.name(), seed, finalEval, curve, -1, -1, steps,
        groups, tokens, seconds).measuredFrom(baseAccuracy, settings.takeOffMargin());
    RunStore.save(context.fileSystem(), runOutput, fingerprint, result);
    return result;
  }

  /**
   * The fingerprint of everything that makes a run: its whole configuration but the paths
   * that only say where it is (its output, the base model's folder), the base model's own
   * keys, and the experiment's keys that shape a run (final evaluation, plateau).
   */
  private String runFingerprint(RunConfig run) {
    Config keys = run.resolved().withoutPath("ngrpo.experiment")
        .withoutPath("ngrpo.run.output").withoutPath("ngrpo.model.path");
    return Fingerprint.of(keys.withFallback(base.resolved().withOnlyPath(
        "ngrpo.experiment.final-eval")).withFallback(base.resolved().withOnlyPath(
        "ngrpo.experiment.plateau-steps")), "ngrpo") + Fingerprint.of(base.resolved(),
        BASE_KEYS);
  }

  static String passes(EvalResult r) {
    StringBuilder s = new StringBuilder();
    r.passAtK().forEach((k, v) -> s.append(String.format("  pass@%d %.3f", k, v)));
    return s.toString();
  }

  /** {@code run} with single keys and a block of keys set. */
  static RunConfig configure(RunConfig run, Map<String, Object> keys, Config... blocks) {
    Config c = run.resolved();
    for (Config block : blocks) {
      c = block.withFallback(c);
    }
    for (Map.Entry<String, Object> e : keys.entrySet()) {
      c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return RunConfig.of(c.withFallback(ConfigFactory.empty()));
  }
}

package dev.ngrpo.orchestrator.train;

import static dev.ngrpo.core.data.MetricNames.OVERHEAD_FRACTION;
import static dev.ngrpo.core.data.MetricNames.ROLLOUT_ROUNDS;
import static dev.ngrpo.core.data.MetricNames.TIME_GENERATE;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN;
import static dev.ngrpo.core.data.MetricNames.TIME_OVERHEAD;
import static dev.ngrpo.core.data.MetricNames.TIME_PUBLISH;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT_CRITICAL;
import static dev.ngrpo.core.data.MetricNames.TIME_STEP;
import static dev.ngrpo.core.data.MetricNames.TIME_VERIFY;
import static dev.ngrpo.core.data.MetricNames.TOKENS_PER_SECOND;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.learner.step.StepResult;
import dev.ngrpo.orchestrator.metrics.ProgressLine;
import dev.ngrpo.orchestrator.spark.RolloutStage;
import dev.ngrpo.orchestrator.weights.PublishedWeights;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The training loop. Per step: draw B prompts, roll them out on the executors, refill groups
 * the filter dropped, learn, publish the new weights, log, evaluate and checkpoint when due.
 * Everything it works with is set up by {@link TrainingRun}.
 */
public final class TrainingLoop {
  private final TrainingRun run;
  private final Consumer<String> console;

  public TrainingLoop(TrainingRun run, Consumer<String> console) {
    this.run = run;
    this.console = console;
  }

  /** Runs the remaining steps of the run. */
  public RunSummary run() throws IOException {
    long start = System.nanoTime();
    int steps = run.config().run().steps();
    double before = run.startOrResume(console);
    PublishedWeights weights = run.publish();
    long first = run.nextStep();
    double elapsed = 0;
    for (long step = first; step < steps; step++) {
      long stepStart = System.nanoTime();
      Rollout rollout = rollOut(step, weights);
      StepResult learned = run.learner().step(step, rollout.groups, run.config().run().batchSize());
      run.advance(step);
      long publishStart = System.nanoTime();
      weights = run.publish();
      double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
      double stepSeconds = (System.nanoTime() - stepStart) / 1e9;
      double overhead = stepSeconds - learned.metrics().get(TIME_LEARN) - rollout.busiest;
      StepMetrics metrics = StepMetrics.builder(step).putAll(learned.metrics())
          .put(ROLLOUT_ROUNDS, rollout.rounds)
          .put(TIME_ROLLOUT, rollout.seconds)
          .put(TIME_GENERATE, rollout.generation)
          .put(TIME_VERIFY, rollout.verification)
          .put(TIME_ROLLOUT_CRITICAL, rollout.busiest)
          .put(TOKENS_PER_SECOND, rollout.tokens / Math.max(1e-9, rollout.seconds))
          .put(TIME_PUBLISH, publishSeconds)
          .put(TIME_OVERHEAD, overhead)
          .put(OVERHEAD_FRACTION, overhead / stepSeconds)
          .put(TIME_STEP, stepSeconds).build();
      run.log().step(metrics);
      elapsed += metrics.get(TIME_STEP);
      console.accept(ProgressLine.of(metrics, steps, (int) (step - first + 1), elapsed));
      if (run.config().eval().due(step, steps)) {
        run.evaluate(step + 1 == steps ? "after" : "step " + (step + 1), step + 1, weights,
            console);
      }
      if (run.config().checkpoint().due(step, steps)) {
        run.checkpoint(before);
      }
    }
    return run.summary(first, before, (System.nanoTime() - start) / 1e9);
  }

  /** The groups of one step: B prompts, then refill rounds for the groups the filter dropped. */
  private Rollout rollOut(long step, PublishedWeights weights) {
    long start = System.nanoTime();
    int batch = run.config().run().batchSize();
    Rollout r = new Rollout();
    r.add(run.rollout(step, "rollout", run.cursor().next(batch), weights));
    int kept = run.learner().filter(r.groups).kept().size();
    while (kept < batch && r.rounds <= run.config().run().maxExtraRounds()) {
      List<PromptTask> more = run.cursor().next(batch - kept);
      r.add(run.rollout(step, "refill " + r.rounds, more, weights));
      kept = run.learner().filter(r.groups).kept().size();
    }
    r.tokens = r.groups.stream().mapToLong(RolloutGroup::responseTokenCount).sum();
    r.seconds = (System.nanoTime() - start) / 1e9;
    return r;
  }

  /** A step's rollout rounds together. */
  private static final class Rollout {
    final List<RolloutGroup> groups = new ArrayList<>();
    int rounds;
    long tokens;
    double seconds;
    double busiest;
    double generation;
    double verification;

    void add(RolloutStage stage) {
      groups.addAll(stage.groups());
      rounds++;
      busiest += stage.busiestPartitionSeconds();
      generation += stage.generationSeconds();
      verification += stage.verificationSeconds();
    }
  }
}

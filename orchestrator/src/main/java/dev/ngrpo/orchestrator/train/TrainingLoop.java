package dev.ngrpo.orchestrator.train;

import static dev.ngrpo.core.data.MetricNames.ROLLOUT_ROUNDS;
import static dev.ngrpo.core.data.MetricNames.TIME_PUBLISH;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT;
import static dev.ngrpo.core.data.MetricNames.TIME_STEP;
import static dev.ngrpo.core.data.MetricNames.TOKENS_PER_SECOND;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.learner.step.StepResult;
import dev.ngrpo.orchestrator.metrics.ProgressLine;
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
      StepMetrics metrics = StepMetrics.builder(step).putAll(learned.metrics())
          .put(ROLLOUT_ROUNDS, rollout.rounds)
          .put(TIME_ROLLOUT, rollout.seconds)
          .put(TOKENS_PER_SECOND, rollout.tokens / Math.max(1e-9, rollout.seconds))
          .put(TIME_PUBLISH, publishSeconds)
          .put(TIME_STEP, (System.nanoTime() - stepStart) / 1e9).build();
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
    List<RolloutGroup> groups = new ArrayList<>(run.rollout(step, "rollout",
        run.cursor().next(batch), weights));
    int rounds = 1;
    int kept = run.learner().filter(groups).kept().size();
    while (kept < batch && rounds <= run.config().run().maxExtraRounds()) {
      List<PromptTask> more = run.cursor().next(batch - kept);
      groups.addAll(run.rollout(step, "refill " + rounds, more, weights));
      rounds++;
      kept = run.learner().filter(groups).kept().size();
    }
    long tokens = groups.stream().mapToLong(RolloutGroup::responseTokenCount).sum();
    return new Rollout(groups, rounds, tokens, (System.nanoTime() - start) / 1e9);
  }

  private record Rollout(List<RolloutGroup> groups, int rounds, long tokens, double seconds) {}
}

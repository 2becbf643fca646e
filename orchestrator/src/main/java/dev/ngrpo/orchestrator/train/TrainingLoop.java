package dev.ngrpo.orchestrator.train;

import static dev.ngrpo.core.data.MetricNames.OVERHEAD_FRACTION;
import static dev.ngrpo.core.data.MetricNames.ROLLOUT_ROUNDS;
import static dev.ngrpo.core.data.MetricNames.ROLLOUT_TOKENS;
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
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.learner.step.StepResult;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.metrics.LiveFigures;
import dev.ngrpo.orchestrator.metrics.ProgressLine;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The training loop. Per step: roll out B prompts on the executors (refilling the groups the
 * filter dropped), learn, publish the new weights, log (metrics, and sample generations when
 * due), then evaluate and checkpoint when due; a termination signal ends it at the end of a
 * step ({@link Termination}). Everything it works with is set up by {@link TrainingRun}.
 */
public final class TrainingLoop {
  private final TrainingRun run;
  private final Consumer<String> console;
  private final StopRule stopRule;

  /**
   * Decides after each step and each held-out evaluation whether a run ends before {@code
   * ngrpo.run.steps} (an experiment's plateau and token budget). A run that ends this way gets
   * a checkpoint of its last step, so that its final weights are on disk as after the last
   * step.
   */
  @FunctionalInterface
  public interface StopRule {
    /** Trains every step. */
    StopRule NEVER = eval -> Optional.empty();

    /** Empty to go on; otherwise why the run ends after the evaluation {@code eval}. */
    Optional<String> after(EvalResult eval);

    /** Empty to go on; otherwise why the run ends after the step of {@code metrics}. */
    default Optional<String> afterStep(StepMetrics metrics) {
      return Optional.empty();
    }

    /** A rule that ends the run when this one or {@code other} does (this one's reason first). */
    default StopRule or(StopRule other) {
      StopRule first = this;
      return new StopRule() {
        @Override
        public Optional<String> after(EvalResult eval) {
          Optional<String> a = first.after(eval);
          Optional<String> b = other.after(eval);
          return a.isPresent() ? a : b;
        }

        @Override
        public Optional<String> afterStep(StepMetrics metrics) {
          Optional<String> a = first.afterStep(metrics);
          Optional<String> b = other.afterStep(metrics);
          return a.isPresent() ? a : b;
        }
      };
    }
  }

  public TrainingLoop(TrainingRun run, Consumer<String> console) {
    this(run, console, StopRule.NEVER);
  }

  public TrainingLoop(TrainingRun run, Consumer<String> console, StopRule stopRule) {
    this.run = run;
    this.console = console;
    this.stopRule = stopRule;
  }

  /** {@link #train(RunConfig, boolean, Collection, Consumer)} allowing no change on resume. */
  public static RunSummary train(RunConfig config, boolean resume, Consumer<String> console)
      throws IOException {
    return train(config, resume, List.of(), console);
  }

  /** {@link #train(RunConfig, StartMode, Collection, Consumer)} with a new run or a resume. */
  public static RunSummary train(RunConfig config, boolean resume,
      Collection<String> allowChange, Consumer<String> console) throws IOException {
    return train(config, StartMode.of(resume), allowChange, console);
  }

  /**
   * Trains {@code config} in a Spark context of its own, from its newest checkpoint when
   * {@code mode} resumes: the output folder is claimed before Spark starts ({@link
   * RunOutput#claim}: locked, empty or resumable with {@code allowChange}), and Spark stops
   * when the run ends or fails. A resume whose newest checkpoint holds the final step prints
   * that the run is complete and returns without starting Spark, so a scheduler that reruns
   * the command after the run finished costs nothing and changes nothing.
   */
  public static RunSummary train(RunConfig config, StartMode mode,
      Collection<String> allowChange, Consumer<String> console) throws IOException {
    try (RunOutput output = RunOutput.claim(config, mode, allowChange)) {
      int steps = config.run().steps();
      Optional<CheckpointStore.Checkpoint> finished = output.finished(steps);
      if (finished.isPresent()) {
        CheckpointStore.Checkpoint c = finished.get();
        console.accept(String.format("run already complete: checkpoint %s in %s holds %d steps"
            + " (ngrpo.run.steps = %d); nothing to do", c.dir().getName(), output.folder(),
            c.step() + 1, steps));
        return RunSummary.alreadyComplete(c.step() + 1, output.folder().toString());
      }
      try (RunContext context = RunContext.open(config);
          TrainingRun run = TrainingRun.open(context, config, output, console)) {
        return new TrainingLoop(run, console).run();
      }
    }
  }

  /**
   * Runs the remaining steps of the run, or stops at the end of a step after a termination
   * signal (with a checkpoint when {@code ngrpo.checkpoint.on-terminate}).
   */
  public RunSummary run() throws IOException {
    long start = System.nanoTime();
    int steps = run.config().run().steps();
    long first = run.nextStep();
    double elapsed = 0;
    CheckpointSchedule checkpoints = new CheckpointSchedule(run.config().checkpoint(),
        System::nanoTime);
    boolean terminated = false;
    try (Termination termination = Termination.install(run.config().checkpoint())) {
      for (long step = first; step < steps; step++) {
        run.renewLock();
        StepClock clock = new StepClock();
        long s = step;
        StepRollout rollout = clock.time(TIME_ROLLOUT, () -> rollOut(s));
        StepResult learned = run.learn(step, rollout.groups());
        clock.time(TIME_PUBLISH, run::publish);
        StepMetrics metrics = metrics(step, clock, rollout, learned);
        run.log().step(metrics);
        LiveFigures.step(metrics);
        run.logSamples(step, rollout.groups(), rollout.tasks());
        elapsed += metrics.get(TIME_STEP);
        console.accept(ProgressLine.of(metrics, steps, (int) (step - first + 1), elapsed));
        Optional<String> ruled = stopRule.afterStep(metrics);
        if (run.config().eval().due(step, steps)) {
          Optional<String> byEval = run.evaluate(step + 1 == steps ? "after"
              : "step " + (step + 1), step + 1, console).flatMap(stopRule::after);
          ruled = ruled.or(() -> byEval);
        }
        boolean signalled = termination.requested();
        boolean stopping = signalled || ruled.isPresent();
        if (checkpoints.due(step, steps, stopping)) {
          run.checkpoint();
        }
        if (stopping && step + 1 < steps) {
          terminated = signalled;
          console.accept(signalled
              ? String.format("stopped by a termination signal after step %d/%d: continue with"
                  + " train --resume", step + 1, steps)
              : String.format("stopped after step %d/%d: %s", step + 1, steps, ruled.get()));
          break;
        }
      }
    }
    return run.summary(first, (System.nanoTime() - start) / 1e9, terminated);
  }

  /** The groups of one step: B prompts, then refill rounds for the groups the filter dropped. */
  private StepRollout rollOut(long step) {
    int batch = run.config().run().batchSize();
    StepRollout r = new StepRollout();
    List<PromptTask> prompts = run.cursor().next(batch);
    r.add(prompts, run.rollout(step, "rollout", prompts));
    int kept = run.learner().filter(r.groups()).kept().size();
    while (kept < batch && r.rounds() <= run.config().run().maxExtraRounds()) {
      List<PromptTask> more = run.cursor().next(batch - kept);
      r.add(more, run.rollout(step, "refill " + r.rounds(), more));
      kept = run.learner().filter(r.groups()).kept().size();
    }
    GradingGate.check(step, r.groups(), r.tasks(), run.config().verifierLimits()
        .maxUngradedFraction(), run.config().verifier().name());
    return r;
  }

  /**
   * The learner's figures and the step's times; orchestration overhead is what the step took
   * beyond learning and the busiest partitions' rollout work.
   */
  private static StepMetrics metrics(long step, StepClock clock, StepRollout rollout,
      StepResult learned) {
    double stepSeconds = clock.elapsed();
    double rolloutSeconds = clock.seconds(TIME_ROLLOUT);
    double overhead = stepSeconds - learned.metrics().get(TIME_LEARN) - rollout.busiestSeconds();
    return StepMetrics.builder(step).putAll(learned.metrics())
        .put(ROLLOUT_ROUNDS, rollout.rounds())
        .put(TIME_ROLLOUT, rolloutSeconds)
        .put(TIME_GENERATE, rollout.generationSeconds())
        .put(TIME_VERIFY, rollout.verificationSeconds())
        .put(TIME_ROLLOUT_CRITICAL, rollout.busiestSeconds())
        .put(ROLLOUT_TOKENS, rollout.responseTokens())
        .put(TOKENS_PER_SECOND, rollout.responseTokens() / Math.max(1e-9, rolloutSeconds))
        .put(TIME_PUBLISH, clock.seconds(TIME_PUBLISH))
        .put(TIME_OVERHEAD, overhead)
        .put(OVERHEAD_FRACTION, overhead / stepSeconds)
        .put(TIME_STEP, stepSeconds).build();
  }
}

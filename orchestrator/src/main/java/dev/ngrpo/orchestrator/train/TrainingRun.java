package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.learner.step.Learner;
import dev.ngrpo.learner.step.StepResult;
import dev.ngrpo.orchestrator.config.EvalSettings;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.PromptCursor;
import dev.ngrpo.orchestrator.metrics.LiveFigures;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.spark.RolloutStage;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run, complete from the moment it is opened: its checkpoint store and log, the
 * policy and learner (fresh and warm-started, or restored from the newest checkpoint), the
 * weights publisher with the current version published, the evaluator (when there is a
 * held-out split), and its position (next step, data cursor). {@link TrainingLoop} drives it;
 * the {@link RunContext} it runs in (Spark, tokenizer, datasets) belongs to the caller.
 */
public final class TrainingRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  private final RunContext context;
  private final RunConfig config;
  private final RolloutJob job;
  private final RunOutput output;
  private final CheckpointStore store;
  private final RunLog log;
  private final WeightsPublisher publisher;
  private final PolicyModel policy;
  private final Learner learner;
  private final Optional<Map<String, HostTensor>> reference;
  private final PromptCursor cursor;
  private final Optional<Evaluator> evaluator;
  private final double accuracyBeforeRl;
  private long nextStep;
  private PublishedWeights published;
  private double accuracyAfter = Double.NaN;

  private TrainingRun(RunContext context, RunConfig config, RunOutput output,
      WeightsPublisher publisher, RunStart start, Consumer<String> console) throws IOException {
    this.context = context;
    this.config = config;
    this.job = context.jobFor(config);
    this.output = output;
    this.store = output.store();
    this.publisher = publisher;
    this.log = new RunLog(context.fileSystem(), context.outputOf(config));
    this.policy = start.policy();
    this.reference = start.reference();
    this.cursor = start.cursor();
    this.nextStep = start.nextStep();
    this.learner = new Learner(policy, config.learnerSetup(), reference.orElse(null),
        start.critic().orElse(null));
    start.resumed().ifPresent(r -> {
      learner.restore(r.optimizer(), r.consecutiveNonFinite());
      if (r.criticOptimizer() != null) {
        learner.restoreCritic(r.criticOptimizer());
      }
    });
    this.evaluator = context.evaluatorFor(config, job);
    log.resumeBefore(nextStep);
    LiveFigures.reset();
    start.resumed().ifPresent(r -> LiveFigures.checkpointed(nextStep - 1));
    try {
      this.published = publisher.publish(nextStep, policy);
      LiveFigures.published(nextStep);
      this.accuracyBeforeRl = start.accuracyBeforeRl().orElseGet(
          () -> evaluate("before", 0, console).map(EvalResult::accuracy).orElse(Double.NaN));
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
    output.renew(); // the warm start and the first evaluation may have taken long
  }

  /**
   * Opens a run of {@code config} in {@code context}: with {@code resume}, from the newest
   * complete checkpoint when there is one; else a fresh policy, warm-started and evaluated
   * before RL ({@code console} shows the progress). Claims the output folder first ({@link
   * RunOutput#claim}, no change of the checkpoint's configuration allowed). Closing the run
   * leaves the context open.
   */
  public static TrainingRun open(RunContext context, RunConfig config, boolean resume,
      Consumer<String> console) throws IOException {
    return open(context, config, RunOutput.claim(config, resume, List.of()), console);
  }

  /**
   * Opens a run of {@code config} in {@code context} into {@code output}, resuming as it was
   * claimed; the run owns it from here on: closing the run, or a failure to open it, releases
   * the output.
   */
  public static TrainingRun open(RunContext context, RunConfig config, RunOutput output,
      Consumer<String> console) throws IOException {
    WeightsPublisher publisher = null;
    RunStart start = null;
    try {
      ResponseRoom.warnings(config, context.data().train(), context.tokenizer())
          .forEach(LOG::warn);
      publisher = context.publisherFor(config);
      start = RunStart.of(context, config, output, console);
      return new TrainingRun(context, config, output, publisher, start, console);
    } catch (IOException | RuntimeException e) {
      if (start != null) {
        start.policy().close();
      }
      if (publisher != null) {
        publisher.close();
      }
      output.close();
      throw e;
    }
  }

  /** Rolls out {@code tasks} at {@code step} with the current weights. */
  RolloutStage rollout(long step, String phase, List<PromptTask> tasks) {
    return context.rollout().stage("step " + step + ": " + phase, tasks, job.at(step),
        published);
  }

  /** One learner update on {@code groups}; the step is then done. */
  StepResult learn(long step, List<RolloutGroup> groups) {
    StepResult result = learner.step(step, groups, config.run().batchSize());
    nextStep = step + 1;
    return result;
  }

  /**
   * Writes the step's first groups to {@code samples.jsonl} when the step is due ({@link
   * StepSamples}), after {@link #learn} trained on them.
   */
  void logSamples(long step, List<RolloutGroup> groups, List<PromptTask> tasks) {
    StepSamples.of(config.log(), step, groups, tasks, learner, config.run().batchSize(),
        context.tokenizer()).forEach(log::sample);
  }

  /**
   * Renews the lock of the output folder; fails when another run took it over, before this
   * one writes anything more there.
   */
  void renewLock() {
    output.renew();
  }

  /** Publishes the policy's weights as version {@code nextStep}, its training steps so far. */
  void publish() {
    if (published.version() != nextStep) {
      published = publisher.publish(nextStep, policy);
      LiveFigures.published(nextStep);
    }
  }

  /**
   * Evaluates the current weights on the held-out split and logs it; empty when there is none.
   */
  Optional<EvalResult> evaluate(String label, long stepsDone, Consumer<String> console) {
    Optional<EvalResult> result = evaluator.map(e -> e.evaluate(label, stepsDone, published));
    result.ifPresent(r -> {
      log.eval(r);
      StringBuilder line = new StringBuilder(String.format(
          "eval %s: held-out accuracy %.3f on %d prompts", label, r.accuracy(), r.prompts()));
      r.passAtK().forEach((k, v) -> line.append(String.format("  pass@%d %.3f", k, v)));
      if (r.ungraded() > 0) {
        line.append(String.format("  (%d prompts left out: the verifier could not grade them)",
            r.ungraded()));
      }
      console.accept(line.append(String.format("  (%.1fs)", r.seconds())).toString());
      if ("after".equals(label)) {
        accuracyAfter = r.accuracy();
      }
    });
    return result;
  }

  /**
   * Evaluates the current weights with other evaluation settings (an experiment's final
   * evaluation with n samples per problem), in this run's seed stream.
   */
  public EvalResult evaluateWith(EvalSettings settings, String label) {
    return new Evaluator(context.rollout(), context.data().test(), settings, job)
        .evaluate(label, nextStep, published);
  }

  /**
   * Saves a checkpoint of the current position. A failed write (a full or unwritable store)
   * stops the run with an error that names the checkpoint, the cause and the newest complete
   * checkpoint, which the failed write leaves untouched.
   */
  void checkpoint() throws IOException {
    TrainingCheckpoint.State state = new TrainingCheckpoint.State(nextStep, nextStep,
        cursor.epoch(), cursor.offset(), learner.consecutiveNonFinite(), config.run().seed(),
        accuracyBeforeRl);
    CheckpointStore.Checkpoint c;
    try {
      c = TrainingCheckpoint.save(store, state, policy, context.tokenizer(), learner,
          reference.orElse(null), config.render());
    } catch (IOException | RuntimeException e) {
      throw new IOException(String.format("step %d: could not write checkpoint %s in %s: %s; %s",
          nextStep - 1, CheckpointStore.name(nextStep - 1), store.root(), e.getMessage(),
          newestIntact()), e);
    }
    LiveFigures.checkpointed(c.step());
    LOG.info("checkpoint {}", c.dir());
  }

  private String newestIntact() {
    try {
      return store.latest().map(c -> "the newest complete checkpoint, " + c.dir().getName()
          + ", is intact: fix the store and continue with train --resume")
          .orElse("there is no earlier checkpoint");
    } catch (IOException e) {
      return "the store cannot be listed either (" + e.getMessage() + ")";
    }
  }

  RunSummary summary(long firstStep, double seconds, boolean terminated) {
    return new RunSummary((int) (nextStep - firstStep), nextStep, accuracyBeforeRl,
        accuracyAfter, seconds, output().toString(), false, terminated);
  }

  RunConfig config() {
    return config;
  }

  Learner learner() {
    return learner;
  }

  PromptCursor cursor() {
    return cursor;
  }

  RunLog log() {
    return log;
  }

  long nextStep() {
    return nextStep;
  }

  /** The policy being trained (for tests). */
  public PolicyModel policy() {
    return policy;
  }

  /** The run's output folder. */
  public Path output() {
    return context.outputOf(config);
  }

  /**
   * Closes the log, frees the learner, the policy and the publication, and releases the output
   * folder; the context stays open.
   */
  @Override
  public void close() {
    try {
      log.close();
    } finally {
      try {
        learner.close();
        policy.close();
      } finally {
        try {
          publisher.close();
        } finally {
          output.close();
        }
      }
    }
  }
}

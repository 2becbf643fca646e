package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.model.ModelSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.learner.step.Learner;
import dev.ngrpo.orchestrator.config.EvalSettings;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.PromptCursor;
import dev.ngrpo.orchestrator.data.PromptSet;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.spark.RolloutStage;
import dev.ngrpo.orchestrator.weights.PublishedWeights;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one training run works with, set up and validated before the first step: the
 * output folder and checkpoint store (proved writable), Spark, the tokenizer and policy (fresh,
 * from a folder, or from the newest checkpoint), the datasets, the learner, the weights
 * publisher and the evaluator; plus the run's position (next step, weights version, data
 * cursor). {@link TrainingLoop} drives it.
 */
public final class TrainingRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  private final RunContext context;
  private final boolean ownsContext;
  private final RunConfig config;
  private final Path output;
  private final RolloutJob job;
  private final boolean resume;
  private final CheckpointStore store;
  private final RunLog log;
  private final PromptSet train;
  private final WeightsPublisher publisher;
  private PolicyModel policy;
  private Learner learner;
  private Map<String, HostTensor> reference;
  private PromptCursor cursor;
  private Evaluator evaluator;
  private long nextStep;
  private PublishedWeights published;
  private double accuracyAfter = Double.NaN;

  private TrainingRun(RunContext shared, RunConfig config, boolean resume) throws IOException {
    this.config = config;
    this.resume = resume;
    this.store = CheckpointStore.at(config.run().output() + "/checkpoints",
        RunContext.hadoopConfiguration(config), config.checkpoint().keepLast());
    Runnable checks = () -> {
      store.checkWritable();
      try {
        if (!resume && !store.list().isEmpty()) {
          throw new IllegalStateException(store.root().getParent() + " already holds"
              + " checkpoints of a run: pass --resume to continue it, or choose another"
              + " ngrpo.run.output (or delete it)");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + store.root(), e);
      }
    };
    this.ownsContext = shared == null;
    if (shared == null) {
      this.context = RunContext.open(config, checks);
    } else {
      checks.run();
      this.context = shared;
    }
    try {
      this.output = context.outputOf(config);
      this.job = context.jobFor(config);
      this.log = new RunLog(context.fileSystem(), output);
      this.train = context.data().train();
      this.publisher = context.publisherFor(config);
    } catch (IOException | RuntimeException e) {
      // e.g. a transport the master or the model rules out: Spark stops before the error
      // reaches the caller
      if (ownsContext) {
        context.close();
      }
      throw e;
    }
  }

  /** Opens a run; with {@code resume}, from the newest complete checkpoint when there is one. */
  public static TrainingRun open(RunConfig config, boolean resume) throws IOException {
    return new TrainingRun(null, config, resume);
  }

  /**
   * Opens a run inside an open context (experiments run many on one Spark session): the
   * context's datasets and tokenizer, this run's seed, learner, output and evaluation. Closing
   * the run leaves the context open.
   */
  public static TrainingRun within(RunContext context, RunConfig config, boolean resume)
      throws IOException {
    return new TrainingRun(context, config, resume);
  }

  /**
   * Restores the newest checkpoint (with {@code --resume}), or builds the starting policy,
   * runs the warm start and evaluates before RL.
   *
   * @return held-out accuracy before RL (NaN when not evaluated)
   */
  double startOrResume(Consumer<String> console) throws IOException {
    Optional<CheckpointStore.Checkpoint> latest = resume ? store.latest() : Optional.empty();
    ModelSettings m = config.model();
    double before = Double.NaN;
    if (latest.isPresent()) {
      TrainingCheckpoint.Restored r = TrainingCheckpoint.restore(store, latest.get(),
          m.driverDevice());
      policy = r.policy();
      reference = r.reference();
      nextStep = r.state().nextStep();
      cursor = new PromptCursor(train, config.run().seed(), r.state().cursorEpoch(),
          r.state().cursorOffset());
      newLearner();
      learner.restore(r.optimizer(), r.state().consecutiveNonFinite());
      before = r.state().accuracyBeforeRl();
      log.resumeBefore(nextStep);
      console.accept("resumed from " + latest.get().dir() + " at step " + nextStep);
    } else {
      if (resume) {
        console.accept("no checkpoint in " + store.root() + ": starting from the beginning");
      }
      log.resumeBefore(0);
      policy = StartingPolicy.create(m, m.driverDevice(), context.hadoop()).model();
      cursor = new PromptCursor(train, config.run().seed());
      if (config.sft().steps() > 0) {
        SupervisedWarmStart.run(policy, context.tokenizer(), train, config.sft(),
            config.run().seed(), console);
      }
      reference = config.learner().algorithm().usesReferenceModel()
          ? policy.toHostTensors() : null;
      newLearner();
      if (evaluator() != null) {
        before = evaluate("before", 0, publish(), console).accuracy();
      }
    }
    return before;
  }

  private void newLearner() {
    learner = new Learner(policy, config.learnerSetup(), reference);
  }

  private Evaluator evaluator() {
    if (evaluator == null) {
      evaluator = context.evaluatorFor(config, job);
    }
    return evaluator;
  }

  /**
   * The policy's current weights, published as version {@code nextStep} (the number of training
   * steps it has had) unless they already are.
   */
  PublishedWeights publish() {
    if (published == null || published.version() != nextStep) {
      published = publisher.publish(nextStep, policy);
    }
    return published;
  }

  /** Rolls out {@code tasks} at {@code step} with {@code weights}. */
  RolloutStage rollout(long step, String phase, List<PromptTask> tasks,
      PublishedWeights weights) {
    return context.rollout().stage("step " + step + ": " + phase, tasks,
        job.at(step, weights.version()), weights);
  }

  /**
   * Evaluates the current weights with other evaluation settings (an experiment's final
   * evaluation with n samples per problem), in this run's seed stream.
   */
  public EvalResult evaluateWith(EvalSettings settings, String label) {
    Evaluator e = new Evaluator(context.rollout(), context.data().test(), settings, job);
    return e.evaluate(label, nextStep, publish());
  }

  /** Marks {@code step} done. */
  void advance(long step) {
    nextStep = step + 1;
  }

  /** Evaluates on the held-out split and logs it. */
  EvalResult evaluate(String label, long stepsDone, PublishedWeights weights,
      Consumer<String> console) {
    if (evaluator() == null) {
      return null;
    }
    EvalResult r = evaluator().evaluate(label, stepsDone, weights);
    log.eval(r);
    StringBuilder line = new StringBuilder(String.format(
        "eval %s: held-out accuracy %.3f on %d prompts", label, r.accuracy(), r.prompts()));
    r.passAtK().forEach((k, v) -> line.append(String.format("  pass@%d %.3f", k, v)));
    console.accept(line.append(String.format("  (%.1fs)", r.seconds())).toString());
    if ("after".equals(label)) {
      accuracyAfter = r.accuracy();
    }
    return r;
  }

  /**
   * Saves a checkpoint of the current position. A failed write (a full or unwritable store)
   * stops the run with an error that names the checkpoint, the cause and the newest complete
   * checkpoint, which the failed write leaves untouched.
   */
  void checkpoint(double accuracyBeforeRl) throws IOException {
    TrainingCheckpoint.State state = new TrainingCheckpoint.State(nextStep, nextStep,
        cursor.epoch(), cursor.offset(), learner.consecutiveNonFinite(), config.run().seed(),
        accuracyBeforeRl);
    CheckpointStore.Checkpoint c;
    try {
      c = TrainingCheckpoint.save(store, state, policy, context.tokenizer(),
          learner, reference, config.render());
    } catch (IOException | RuntimeException e) {
      throw new IOException(String.format("step %d: could not write checkpoint %s in %s: %s; %s",
          nextStep - 1, CheckpointStore.name(nextStep - 1), store.root(), e.getMessage(),
          newestIntact()), e);
    }
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

  RunSummary summary(long firstStep, double before, double seconds) {
    return new RunSummary((int) (nextStep - firstStep), nextStep, before, accuracyAfter, seconds,
        output.toString());
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
    return output;
  }

  /** Frees the learner, the models, the publication and Spark. */
  @Override
  public void close() {
    try {
      if (learner != null) {
        learner.close();
      }
      if (policy != null) {
        policy.close();
      }
      publisher.close();
    } finally {
      if (ownsContext) {
        context.close();
      }
    }
  }
}

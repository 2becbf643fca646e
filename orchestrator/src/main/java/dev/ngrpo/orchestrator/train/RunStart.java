package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.model.ModelSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.learner.critic.ValueModel;
import dev.ngrpo.learner.optim.AdamWState;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.PromptCursor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run begins: a fresh policy (built, then warm-started) at step 0, or the newest
 * complete checkpoint's policy, optimizer state and data position (the newest that loads).
 *
 * @param policy the policy to train, on the driver's device (the run closes it)
 * @param reference the frozen reference weights of a KL penalty, when the algorithm has one
 * @param cursor the data position of the first step
 * @param nextStep the first step to execute
 * @param resumed the checkpoint's optimizer state and skipped-update count, when resumed
 * @param accuracyBeforeRl the checkpoint's held-out accuracy before RL, when resumed
 * @param critic PPO's critic, from the checkpoint or {@code ngrpo.critic.path} (the learner
 *     takes it over); empty for the other methods, or for a fresh critic copied from the policy
 */
record RunStart(PolicyModel policy, Optional<Map<String, HostTensor>> reference,
    PromptCursor cursor, long nextStep, Optional<Resumed> resumed,
    OptionalDouble accuracyBeforeRl, Optional<ValueModel> critic) {

  private static final Logger LOG = LoggerFactory.getLogger(RunStart.class);

  /**
   * What a checkpoint restores into the learner.
   *
   * @param criticOptimizer the critic's AdamW state, null without a critic
   */
  record Resumed(AdamWState optimizer, int consecutiveNonFinite, AdamWState criticOptimizer) {}

  /**
   * The newest complete checkpoint of {@code output} that loads when it was claimed to resume
   * and there is one, else a fresh start. A checkpoint that fails to load (a damaged file the
   * marker cannot vouch for: bit rot, a copy cut short, a hand edit) is skipped with a warning
   * naming it and the error, and the one before is tried: losing the steps since that one
   * beats a run that cannot go on. When every checkpoint fails the resume stops with each
   * error, rather than start over and overwrite the run's history.
   */
  static RunStart of(RunContext context, RunConfig config, RunOutput output,
      Consumer<String> console) throws IOException {
    CheckpointStore store = output.store();
    boolean resume = output.resume();
    List<CheckpointStore.Checkpoint> complete = resume ? store.list() : List.of();
    List<String> failures = new ArrayList<>();
    Exception newest = null;
    for (int i = complete.size() - 1; i >= 0; i--) {
      CheckpointStore.Checkpoint checkpoint = complete.get(i);
      try {
        RunStart start = restore(context, config, store, checkpoint);
        console.accept("resumed from " + checkpoint.dir() + " at step " + start.nextStep());
        return start;
      } catch (IOException | RuntimeException e) {
        LOG.warn("checkpoint {} cannot be loaded: {}; {}", checkpoint.dir(), e, i > 0
            ? "trying the one before, " + complete.get(i - 1).dir().getName()
            : "there is none before it");
        failures.add(checkpoint.dir().getName() + ": " + e);
        newest = newest == null ? e : newest;
      }
    }
    if (newest != null) {
      throw new IOException("no checkpoint in " + store.root() + " can be loaded (newest first): "
          + String.join("; ", failures), newest);
    }
    if (resume) {
      console.accept("no checkpoint in " + store.root() + ": starting from the beginning"
          + output.setAside().map(p -> "; the logs of the earlier attempt, which left no"
              + " checkpoint, are kept in " + p).orElse(""));
    }
    return fresh(context, config, console);
  }

  private static RunStart restore(RunContext context, RunConfig config, CheckpointStore store,
      CheckpointStore.Checkpoint checkpoint) throws IOException {
    TrainingCheckpoint.Restored r = TrainingCheckpoint.restore(store, checkpoint,
        context.driverDevice(), config.learner().critic());
    TrainingCheckpoint.State s = r.state();
    if (config.learner().usesCritic() && r.critic() == null) {
      r.policy().close();
      throw new IOException(checkpoint.dir() + " has no " + TrainingCheckpoint.CRITIC
          + "/ folder, which a PPO run (advantage-estimator = gae) writes into each checkpoint");
    }
    return new RunStart(r.policy(), Optional.ofNullable(r.reference()),
        new PromptCursor(context.data().train(), config.run().seed(), s.cursorEpoch(),
            s.cursorOffset()),
        s.nextStep(), Optional.of(new Resumed(r.optimizer(), s.consecutiveNonFinite(),
            r.criticOptimizer())),
        OptionalDouble.of(s.accuracyBeforeRl()), Optional.ofNullable(r.critic()));
  }

  /** A new policy, warm-started when {@code ngrpo.sft.steps > 0}. */
  private static RunStart fresh(RunContext context, RunConfig config, Consumer<String> console)
      throws IOException {
    ModelSettings m = config.model();
    PolicyModel policy = StartingPolicy.create(m, context.driverDevice(), context.hadoop()).model();
    try {
      if (config.sft().steps() > 0) {
        SupervisedWarmStart.run(policy, context.tokenizer(), context.data().train(),
            config.sft(), config.verifier().format(), config.run().seed(), console);
      }
      if (m.lora().enabled()) {
        // adapters on the (warm-started) model: it becomes the frozen base, and the reference
        policy = policy.withLora(m.lora(), config.run().seed());
      }
      Optional<Map<String, HostTensor>> reference =
          config.learner().usesReferenceModel() && !m.lora().enabled()
              ? Optional.of(policy.toHostTensors()) : Optional.empty();
      String criticPath = config.learner().critic().path();
      Optional<ValueModel> critic = config.learner().usesCritic() && !criticPath.isEmpty()
          ? Optional.of(CriticFolder.load(criticPath, context.hadoop(), context.driverDevice(),
              policy.config(), config.learner().critic(), config.run().seed()))
          : Optional.empty();
      return new RunStart(policy, reference,
          new PromptCursor(context.data().train(), config.run().seed()), 0, Optional.empty(),
          OptionalDouble.empty(), critic);
    } catch (IOException | RuntimeException e) {
      policy.close();
      throw e;
    }
  }
}

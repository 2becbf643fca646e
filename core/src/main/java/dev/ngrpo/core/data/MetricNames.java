package dev.ngrpo.core.data;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Names of the per-step metrics (docs/algorithm.md section 6), shared by the learner that computes
 * them, the orchestrator that adds its own and logs them, and the report that plots them.
 */
public final class MetricNames {
  private MetricNames() {}

  /**
   * Every name declared here: the figures a step may log, for consumers
   * that must list them before any step ran (Spark's metrics system registers its gauges once).
   */
  public static List<String> all() {
    List<String> names = new ArrayList<>();
    for (Field f : MetricNames.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          names.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return List.copyOf(names);
  }

  /** Mean reward of every generated response of the step. */
  public static final String REWARD_MEAN = "reward.mean";
  /** Fraction of generated responses whose reward equals r_max. */
  public static final String ACCURACY = "accuracy";
  /** Groups generated this step (every round). */
  public static final String GROUPS_GENERATED = "groups.generated";
  /** Generated groups whose every reward equals r_max. */
  public static final String GROUPS_ALL_CORRECT = "groups.all_correct";
  /** Generated groups whose every reward is 0. */
  public static final String GROUPS_ALL_WRONG = "groups.all_wrong";
  /** Generated groups that are neither all correct nor all wrong. */
  public static final String GROUPS_MIXED = "groups.mixed";
  /** Groups the filter dropped. */
  public static final String GROUPS_DROPPED = "groups.dropped";
  /** Dropped because every reward equals r_max. */
  public static final String GROUPS_DROPPED_ALL_CORRECT = "groups.dropped.all_correct";
  /** Dropped because every reward is 0. */
  public static final String GROUPS_DROPPED_ALL_WRONG = "groups.dropped.all_wrong";
  /** Dropped because every reward is one other value. */
  public static final String GROUPS_DROPPED_OTHER = "groups.dropped.other_homogeneous";
  /** Groups trained on. */
  public static final String GROUPS_TRAINED = "groups.trained";
  /** Mean advantage over trained responses. */
  public static final String ADVANTAGE_MEAN = "advantage.mean";
  /** Smallest advantage. */
  public static final String ADVANTAGE_MIN = "advantage.min";
  /** Largest advantage. */
  public static final String ADVANTAGE_MAX = "advantage.max";
  /** Fraction of trained tokens with A &gt; 0 whose ratio exceeded 1 + clip-high. */
  public static final String CLIP_POSITIVE = "clip.fraction.positive";
  /** Fraction of trained tokens with A &lt; 0 whose ratio fell below 1 - clip-low. */
  public static final String CLIP_NEGATIVE = "clip.fraction.negative";
  /** Mean policy entropy per trained token (nats). */
  public static final String ENTROPY = "entropy";
  /** Mean KL estimate to the reference policy per token (only when kl-coef &gt; 0). */
  public static final String KL = "kl";
  /** Mean aggregated loss over the step's updates. */
  public static final String LOSS = "loss";
  /** Mean global gradient norm (before clipping) over the step's updates. */
  public static final String GRAD_NORM = "grad.norm";
  /** Largest global gradient norm of the step. */
  public static final String GRAD_NORM_MAX = "grad.norm.max";
  /** Learning rate of the step's last update. */
  public static final String LEARNING_RATE = "lr";
  /** Optimizer updates applied. */
  public static final String UPDATES = "updates";
  /** Updates skipped for a non-finite loss or gradient norm. */
  public static final String UPDATES_SKIPPED = "updates.skipped";
  /** Mean generated response length in tokens. */
  public static final String LENGTH_MEAN = "response.length.mean";
  /** Longest generated response. */
  public static final String LENGTH_MAX = "response.length.max";
  /** Fraction of generated responses cut at max new tokens. */
  public static final String TRUNCATED = "response.truncated.fraction";
  /** Mean |sampler log-prob - recomputed old log-prob| per trained token. */
  public static final String LOGPROB_GAP = "logprob.gap";
  /** Responses the verifier rejected at its caps (scored 0) or could not grade. */
  public static final String VERIFICATION_FAILURES = "verifier.failures";
  /** Responses whose verification threw or timed out: no verdict, nothing learned from them. */
  public static final String VERIFIER_UNGRADED = "verifier.ungraded_responses";
  /**
   * Fraction of graded responses (those of {@link #ACCURACY}) with no final answer in the
   * verifier's required form ({@code ngrpo.verifier.format}; e.g. no {@code \boxed{}}): format
   * failures, which score 0 like wrong answers but say the policy has not learned the format.
   * Only verifiers that report them (the built-ins) count any.
   */
  public static final String FORMAT_FAILURES = "verifier.format_failure.fraction";
  /** Groups with an ungraded response, left out of the update and its statistics. */
  public static final String GROUPS_UNGRADED = "groups.ungraded";
  /** Seconds in the learner step. */
  public static final String TIME_LEARN = "time.learn.seconds";
  /**
   * Seconds recomputing old (and reference) log-probabilities with the weights before the
   * step. On a GPU the learner's phases are timed on the host as they are issued; a phase's
   * kernels may finish within the next one.
   */
  public static final String TIME_LEARN_RECOMPUTE = "time.learn.recompute.seconds";
  /** Seconds in forward passes and losses of the step's updates. */
  public static final String TIME_LEARN_FORWARD = "time.learn.forward.seconds";
  /** Seconds in backward passes. */
  public static final String TIME_LEARN_BACKWARD = "time.learn.backward.seconds";
  /** Seconds clipping gradients, stepping AdamW and zeroing gradients. */
  public static final String TIME_LEARN_OPTIMIZER = "time.learn.optimizer.seconds";
  /** Response tokens trained on (over every epoch) per second of the learner step. */
  public static final String LEARN_TOKENS_PER_SECOND = "learn.tokens_per_second";
  /** Seconds of rollout (all rounds, wall clock on the driver). */
  public static final String TIME_ROLLOUT = "time.rollout.seconds";
  /** Seconds publishing the new weights. */
  public static final String TIME_PUBLISH = "time.publish.seconds";
  /** Seconds of the whole step: rollout, learning, publishing (evaluation and checkpoints not). */
  public static final String TIME_STEP = "time.step.seconds";
  /** Generation summed over the step's groups (executor-seconds; partitions run in parallel). */
  public static final String TIME_GENERATE = "time.generate.seconds";
  /** Verification summed over the step's groups (executor-seconds). */
  public static final String TIME_VERIFY = "time.verify.seconds";
  /**
   * Generation + verification of the busiest partition, summed over the step's rollout
   * rounds: the part of the rollout no scheduling could shorten.
   */
  public static final String TIME_ROLLOUT_CRITICAL = "time.rollout.critical.seconds";
  /**
   * Orchestration: {@code time.step - time.learn - time.rollout.critical}, i.e. scheduling,
   * serialization, collecting groups, publishing and loading weights, and cores left idle.
   */
  public static final String TIME_OVERHEAD = "time.overhead.seconds";
  /** {@code time.overhead.seconds / time.step.seconds}. */
  public static final String OVERHEAD_FRACTION = "time.overhead.fraction";
  /** Generated tokens per second of rollout wall time. */
  public static final String TOKENS_PER_SECOND = "rollout.tokens_per_second";
  /**
   * Response tokens generated this step, every round and every group (those the filter dropped
   * too): the sampling a method paid for, which experiments compare at equal totals.
   */
  public static final String ROLLOUT_TOKENS = "rollout.tokens";
  /** Rollout rounds this step (1 + extra rounds to refill filtered groups). */
  public static final String ROLLOUT_ROUNDS = "rollout.rounds";
  /** PPO: mean advantage over trained tokens before whitening. */
  public static final String ADVANTAGE_RAW_MEAN = "advantage.raw.mean";
  /** PPO: standard deviation of the advantages over trained tokens before whitening. */
  public static final String ADVANTAGE_RAW_STD = "advantage.raw.std";
  /** PPO: mean weighted value loss over the step's critic updates. */
  public static final String VALUE_LOSS = "critic.value_loss";
  /** PPO: fraction of trained tokens whose clipped value loss took the clipped branch. */
  public static final String VALUE_CLIP = "critic.value_clip.fraction";
  /**
   * PPO: {@code 1 - Var(R - V) / Var(R)} over the step's tokens, with the values before the
   * step's updates: how much of the returns the critic predicted.
   */
  public static final String EXPLAINED_VARIANCE = "critic.explained_variance";
  /** PPO: mean value over trained tokens, before the step's updates. */
  public static final String VALUE_MEAN = "critic.value.mean";
  /** PPO: mean return (the critic's target) over trained tokens. */
  public static final String RETURN_MEAN = "critic.return.mean";
  /** PPO: mean global gradient norm of the critic's updates, before clipping. */
  public static final String CRITIC_GRAD_NORM = "critic.grad.norm";
  /** PPO: the critic's learning rate at its step's last update. */
  public static final String CRITIC_LEARNING_RATE = "critic.lr";
  /** PPO: critic updates applied (each mini-batch, from the first step). */
  public static final String CRITIC_UPDATES = "critic.updates";
  /** PPO: seconds computing the critic's values and updating it. */
  public static final String TIME_LEARN_CRITIC = "time.learn.critic.seconds";
}

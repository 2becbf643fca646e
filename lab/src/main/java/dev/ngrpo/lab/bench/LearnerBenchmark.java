package dev.ngrpo.lab.bench;

import static dev.ngrpo.core.data.MetricNames.GROUPS_TRAINED;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_BACKWARD;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_CRITIC;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_FORWARD;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_OPTIMIZER;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN_RECOMPUTE;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.core.model.FrozenDtype;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.lab.plan.ResidentMemory;
import dev.ngrpo.learner.config.LearnerConfig;
import dev.ngrpo.learner.config.LearnerSetup;
import dev.ngrpo.learner.step.Learner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The learner step of whole presets on one model shape (random weights), in one JVM: the
 * product's {@link Learner} on fixed rollout groups ({@link BenchRollouts}), split into the
 * phases it reports itself ({@code time.learn.*}), so that PPO's critic
 * ({@code time.learn.critic.seconds}: its values before the step, GAE targets, and one
 * forward, backward and AdamW update per mini-batch) can be set against the policy's part.
 *
 * <p>Per preset: a fresh policy of the shape (the same random weights for every preset, with
 * LoRA adapters when a rank is given), a fresh learner (PPO: a critic started from the
 * policy), {@code warmups} untimed steps, then {@code repeats} timed steps; the median step by
 * its total (of an even count, the slower middle one) is reported with its own phases, so that
 * they add up to it. Every other key is
 * {@code reference.conf}'s ({@code ngrpo.learner.*}, {@code ngrpo.critic.*}) but
 * {@code mini-batches}.
 *
 * <p>The peak resident memory is the process's during the preset, from building its policy to
 * its last step. glibc keeps freed memory below its mmap threshold for reuse, so a later
 * preset's figure is at least what the allocator kept of an earlier one's; with
 * {@code MALLOC_MMAP_THRESHOLD_} set low every large tensor is its own mapping, returned when
 * freed ({@link LoraBenchmark#ownMemoryFigures()}).
 */
public final class LearnerBenchmark {
  /** Prompt tokens of each row; the rest of a row's length is its response. */
  public static final int PROMPT_TOKENS = BenchRollouts.PROMPT_TOKENS;

  /**
   * The median step of one preset.
   *
   * @param preset the preset's name
   * @param policyParameters parameters the policy's optimizer updates
   * @param criticParameters parameters the critic's optimizer updates, 0 without a critic
   * @param learnSeconds the whole step ({@code time.learn.seconds})
   * @param recomputeSeconds old (and reference) log-probs before the updates
   * @param forwardSeconds the policy's forwards and losses of its updates
   * @param backwardSeconds the policy's backwards
   * @param optimizerSeconds the policy's clipping, AdamW and zeroing
   * @param criticSeconds the critic's values, targets and updates; NaN without a critic
   * @param peakResidentMib the process's peak resident memory during the preset
   * @param othersCores cores the machine's other processes used on average during the timed
   *     steps ({@link OtherCpu}): the figures above are this preset's alone only when it is
   *     near 0
   */
  public record Split(String preset, long policyParameters, long criticParameters,
      double learnSeconds, double recomputeSeconds, double forwardSeconds,
      double backwardSeconds, double optimizerSeconds, double criticSeconds,
      long peakResidentMib, double othersCores) {
    /** Whether the preset trains a critic. */
    public boolean hasCritic() {
      return !Double.isNaN(criticSeconds);
    }

    /** The critic's part of the step, {@code critic / learn}; NaN without a critic. */
    public double criticShare() {
      return criticSeconds / learnSeconds;
    }

    /**
     * The step less its named phases: filtering, advantages, host copies of the recomputed
     * log-probs, metrics.
     */
    public double otherSeconds() {
      return learnSeconds - recomputeSeconds - forwardSeconds - backwardSeconds
          - optimizerSeconds - (hasCritic() ? criticSeconds : 0);
    }
  }

  /**
   * What each step trains on.
   *
   * @param groups rollout groups, all trained
   * @param groupSize responses per group, at least 2
   * @param length tokens per row, {@value #PROMPT_TOKENS} of them prompt
   * @param miniBatches optimizer updates per step ({@code ngrpo.learner.mini-batches})
   */
  public record StepShape(int groups, int groupSize, int length, int miniBatches) {
    public StepShape {
      if (Math.min(groups, miniBatches) < 1 || groupSize < 2) {
        throw new IllegalArgumentException("groups and mini-batches must be at least 1 and the"
            + " group size at least 2, got " + groups + ", " + miniBatches + " and "
            + groupSize);
      }
      TrainingSteps.requireLength(length);
    }
  }

  private final ModelConfig config;
  private final LoraSettings lora;
  private final List<String> presets;
  private final StepShape shape;
  private final int warmups;
  private final int repeats;

  /**
   * @param config the model shape
   * @param lora the policy's adapters, or null for full fine-tuning
   * @param presets preset names, measured in this order ({@link #requirePresets})
   * @param shape what each step trains on
   * @param warmups untimed steps per preset before the timed ones, at least 1: the first steps
   *     of a JVM run interpreted code and grow the allocators, which at a small shape costs
   *     more than the step itself
   * @param repeats timed steps per preset (the median is reported)
   */
  public LearnerBenchmark(ModelConfig config, LoraSettings lora, List<String> presets,
      StepShape shape, int warmups, int repeats) {
    requirePresets(presets, "presets");
    if (Math.min(warmups, repeats) < 1) {
      throw new IllegalArgumentException("warm-up and timed steps must each be at least 1, got "
          + warmups + " and " + repeats);
    }
    this.config = config;
    this.lora = lora;
    this.presets = List.copyOf(presets);
    this.shape = shape;
    this.warmups = warmups;
    this.repeats = repeats;
  }

  /** The preset names {@code reference.conf} defines ({@code ngrpo.presets}), sorted. */
  public static List<String> knownPresets() {
    return List.copyOf(new TreeSet<>(
        ConfigFactory.defaultReference().getConfig("ngrpo.presets").root().keySet()));
  }

  /**
   * Fails unless every name is a known preset and none repeats.
   *
   * @param option the command-line option that named them, for the message
   * @throws IllegalArgumentException naming the first bad name, {@code option} and the known
   *     presets
   */
  public static void requirePresets(List<String> names, String option) {
    List<String> known = knownPresets();
    if (names.isEmpty()) {
      throw new IllegalArgumentException(option + " names no preset; known: "
          + String.join(", ", known));
    }
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown preset '" + name + "' in " + option
            + "; known: " + String.join(", ", known));
      }
    }
    if (new TreeSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException(option + " names a preset twice: " + names);
    }
  }

  /** Measures every preset in order; progress goes to stderr. */
  public List<Split> run() {
    List<RolloutGroup> rollouts = BenchRollouts.of(shape.groups(), shape.groupSize(),
        shape.length(), config.vocabSize());
    List<Split> out = new ArrayList<>();
    for (String preset : presets) {
      out.add(measure(preset, rollouts));
    }
    return out;
  }

  private Split measure(String preset, List<RolloutGroup> rollouts) {
    LearnerConfig learnerConfig = learnerConfig(preset);
    System.gc();
    ResidentMemory.resetPeak();
    System.err.printf("  %s: building %,d parameters%s%n", preset, config.parameterCount(),
        lora == null ? "" : " and LoRA r" + lora.rank() + " adapters");
    try (PolicyModel policy = policy();
        Learner learner = new Learner(policy, setup(learnerConfig),
            referenceWeights(policy, learnerConfig), null)) {
      long policyParameters = count(policy.trainableParameters());
      long criticParameters = learner.critic() == null ? 0
          : count(learner.critic().trainableParameters());
      for (int w = 0; w < warmups; w++) {
        step(learner, rollouts, w);
      }
      List<StepMetrics> steps = new ArrayList<>();
      OtherCpu.Reading start = OtherCpu.now();
      for (int r = 1; r <= repeats; r++) {
        StepMetrics m = step(learner, rollouts, warmups + r - 1);
        System.err.printf("  %s step %d: learn %.2f s (recompute %.2f, forward %.2f, backward"
            + " %.2f, optimizer %.2f%s)%n", preset, r, m.get(TIME_LEARN),
            m.get(TIME_LEARN_RECOMPUTE), m.get(TIME_LEARN_FORWARD), m.get(TIME_LEARN_BACKWARD),
            m.get(TIME_LEARN_OPTIMIZER), m.has(TIME_LEARN_CRITIC)
                ? String.format(", critic %.2f", m.get(TIME_LEARN_CRITIC)) : "");
        steps.add(m);
      }
      double othersCores = start.othersCoresUntil(OtherCpu.now());
      steps.sort(Comparator.comparingDouble(m -> m.get(TIME_LEARN)));
      StepMetrics median = steps.get(steps.size() / 2);
      return new Split(preset, policyParameters, criticParameters, median.get(TIME_LEARN),
          median.get(TIME_LEARN_RECOMPUTE), median.get(TIME_LEARN_FORWARD),
          median.get(TIME_LEARN_BACKWARD), median.get(TIME_LEARN_OPTIMIZER),
          median.has(TIME_LEARN_CRITIC) ? median.get(TIME_LEARN_CRITIC) : Double.NaN,
          ResidentMemory.peak() >> 20, othersCores);
    }
  }

  /** One step on every group; fails when a group sat out, which would shrink the step. */
  private StepMetrics step(Learner learner, List<RolloutGroup> rollouts, long step) {
    StepMetrics m = learner.step(step, rollouts, rollouts.size()).metrics();
    if (m.get(GROUPS_TRAINED) != rollouts.size()) {
      throw new IllegalStateException("step " + step + " trained " + m.get(GROUPS_TRAINED)
          + " of " + rollouts.size() + " groups");
    }
    return m;
  }

  /** The same random weights for every preset; with LoRA, fresh adapters over them. */
  private PolicyModel policy() {
    PolicyModel model = PolicyModel.initialize(config, 1, Device.cpu());
    return lora == null ? model : model.withLora(lora, 2);
  }

  /** {@code reference.conf}'s learner with {@code preset} and the mini-batches asked for. */
  private LearnerConfig learnerConfig(String preset) {
    Config root = ConfigFactory.empty()
        .withValue("ngrpo.learner.preset", ConfigValueFactory.fromAnyRef(preset))
        .withValue("ngrpo.learner.mini-batches",
            ConfigValueFactory.fromAnyRef(shape.miniBatches()))
        .withFallback(ConfigFactory.defaultReference()).resolve();
    return LearnerConfig.from(root);
  }

  /** Rollouts at temperature 1, responses as long as the rows' (the run has this many steps). */
  private LearnerSetup setup(LearnerConfig learnerConfig) {
    return new LearnerSetup(learnerConfig, 1f, shape.length() - PROMPT_TOKENS,
        (long) warmups + repeats, 7, FrozenDtype.AUTO);
  }

  /**
   * The initial policy as the KL reference when the preset keeps one (grpo's kl-coef); a LoRA
   * policy's reference is its frozen base, and no preset without KL needs weights.
   */
  private static Map<String, HostTensor> referenceWeights(PolicyModel policy,
      LearnerConfig learnerConfig) {
    return learnerConfig.usesReferenceModel() && policy.adapters().isEmpty()
        ? policy.toHostTensors() : null;
  }

  private static long count(List<NDArray> arrays) {
    return arrays.stream().mapToLong(NDArray::size).sum();
  }
}

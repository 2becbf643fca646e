package dev.ngrpo.lab.plan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.learner.optim.AdamW;
import dev.ngrpo.learner.step.Learner;
import dev.ngrpo.learner.step.SupervisedStep;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One measurement, in a JVM of its own (its peak resident memory is its alone): the learner's
 * RL step, or one rollout task's generation, at the shapes the plan of a configuration is
 * computed for, every sequence at its longest. Prints {@code grown BYTES}: the peak resident
 * memory over the phase less the resident memory before the policy was built, after libtorch
 * and its kernels were warmed up on a tiny model. Run with a heap fixed and touched up front
 * ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so that the heap is in the baseline and
 * what grows is native memory.
 *
 * <p>Arguments: {@code learner|rollout CONFIG|- [key=value]...}.
 */
public final class PlanProbe {
  /** The prefix of the line the parent reads. */
  static final String GROWN = "grown ";

  private PlanProbe() {}

  public static void main(String[] args) throws Exception {
    String phase = args[0];
    File file = args[1].equals("-") ? null : new File(args[1]);
    RunConfig config = RunConfig.load(file, Arrays.asList(args).subList(2, args.length));
    ModelConfig shape = StartingPolicy.shape(config.model(),
        RunContext.hadoopConfiguration(config));
    int response = config.rollout().maxNewTokens();
    int prompt = config.data().promptLimit(shape.maxPositionEmbeddings(), response);
    warmUp();
    settle();
    long base = ResidentMemory.current();
    try (PolicyModel policy = PolicyModel.initialize(shape, 1, Device.cpu())) {
      settle();
      ResidentMemory.resetPeak();
      switch (phase) {
        case "learner" -> learn(config, policy, prompt, response);
        case "rollout" -> generate(config, policy, prompt, response);
        default -> throw new IllegalArgumentException("phase must be learner or rollout, got "
            + phase);
      }
      System.out.println(GROWN + (ResidentMemory.peak() - base));
    }
  }

  /**
   * One RL step over B groups of G responses of {@code response} tokens after prompts of
   * {@code prompt}. Its second update holds AdamW's moments beside the pass, as every update
   * after the first does, so the configuration needs two mini-batches or more.
   */
  private static void learn(RunConfig config, PolicyModel policy, int prompt, int response) {
    int b = config.run().batchSize();
    if (Math.min(b, config.learner().miniBatches()) < 2) {
      throw new IllegalArgumentException("the learner probe needs two updates in its step:"
          + " batch-size and mini-batches of at least 2");
    }
    List<RolloutGroup> groups = groups(b, config.rollout().groupSize(), prompt, response,
        policy.config().vocabSize());
    try (Learner learner = new Learner(policy, config.learnerSetup(),
        config.learner().usesReferenceModel() ? policy.toHostTensors() : null)) {
      learner.step(0, groups, b);
    }
  }

  /** One task's batch: {@code min(max-batch-size, B * G)} rows, no stop token. */
  private static void generate(RunConfig config, PolicyModel policy, int prompt, int response) {
    int rows = Math.min(config.rollout().maxBatchSize(),
        config.run().batchSize() * config.rollout().groupSize());
    SplittableRandom random = new SplittableRandom(5);
    int[][] prompts = new int[rows][];
    long[] seeds = new long[rows];
    for (int i = 0; i < rows; i++) {
      prompts[i] = random.ints(prompt, 3, policy.config().vocabSize()).toArray();
      seeds[i] = i;
    }
    Generator.generate(policy, prompts, seeds, new SamplingSettings(
        config.rollout().temperature(), config.rollout().topP(), config.rollout().topK(),
        response, new int[0]));
  }

  /** Groups with mixed rewards (1, 0, 1, ...), so that no filter drops them. */
  static List<RolloutGroup> groups(int b, int g, int prompt, int response, int vocab) {
    SplittableRandom random = new SplittableRandom(3);
    List<RolloutGroup> out = new ArrayList<>(b);
    for (int p = 0; p < b; p++) {
      int[][] tokens = new int[g][];
      float[][] logProbs = new float[g][];
      float[] rewards = new float[g];
      for (int i = 0; i < g; i++) {
        tokens[i] = random.ints(response, 3, vocab).toArray();
        logProbs[i] = new float[response];
        Arrays.fill(logProbs[i], -1f);
        rewards[i] = i % 2 == 0 ? 1f : 0f;
      }
      out.add(new RolloutGroup("p" + p, p, "probe", random.ints(prompt, 3, vocab).toArray(), 0,
          tokens, logProbs, rewards, new boolean[g], 0, 0, Grading.ALL_GRADED));
    }
    return out;
  }

  /** Loads libtorch and runs a training step and a generation of a tiny model. */
  private static void warmUp() {
    Engine.getInstance();
    ModelConfig tiny = ModelConfig.llama(20, 16, 32, 1, 2, 1, 32, false);
    try (PolicyModel model = PolicyModel.initialize(tiny, 1, Device.cpu());
        SupervisedStep step = new SupervisedStep(model, new AdamW(0.9, 0.999, 1e-8, 0),
            update -> 1e-3, 1.0)) {
      step.step(new int[][] {{3, 4, 5}}, new int[][] {{6, 7}});
      model.setTrainable(false);
      Generator.generate(model, new int[][] {{3, 4}}, new long[] {1},
          new SamplingSettings(1f, 1f, 0, 4, new int[0]));
    }
  }

  /** Lets the collector free garbage and its direct buffers before a figure is read. */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(300);
    System.gc();
  }
}

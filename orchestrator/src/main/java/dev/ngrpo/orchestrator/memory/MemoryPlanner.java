package dev.ngrpo.orchestrator.memory;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.memory.DecoderMemory;
import dev.ngrpo.core.memory.ModelWeights;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.weights.WeightTransport;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the memory plan of a run from its configuration, the policy's shape and trained set,
 * and its deployment: the driver's learner and published weights, each executor's policy and
 * rollout tasks (in the driver itself under a local master), against their limits.
 *
 * <p>Every sequence is planned at its longest: prompts of the run's prompt limit and responses
 * of {@code max-new-tokens}, so the plan is what the worst step can hold, not a typical one.
 */
public final class MemoryPlanner {
  /** Spark's reserved heap, {@code RESERVED_SYSTEM_MEMORY_BYTES}: beside storage and execution. */
  static final long SPARK_RESERVED = 300 * Bytes.MIB;

  private MemoryPlanner() {}

  /** The plan of {@code config} for a policy of {@code w} deployed as {@code d}. */
  public static MemoryPlan plan(RunConfig config, ModelWeights w, Deployment d) {
    ModelConfig c = w.config();
    int response = config.rollout().maxNewTokens();
    int prompt = config.data().promptLimit(c.maxPositionEmbeddings(), response);
    WeightTransport transport = config.weights().transportUnder(d.master(), d.tasksInDriver(),
        c.parameterCount());
    LearnerItems.Pass pass = LearnerItems.largestPass(config, c, prompt, response);
    Place learnerDevice = d.driverOnGpu() ? Place.GPU : Place.OFF_HEAP;
    List<MemoryItem> driver = new ArrayList<>(LearnerItems.of(config, w, pass, learnerDevice));
    driver.addAll(published(w, transport, learnerDevice));
    driver.add(new MemoryItem("one weight tensor at a time (checkpoints, publishing)",
        ModelWeights.F32 * DecoderMemory.largestWeight(c), Place.HEAP, ""));
    driver.add(groups(config, prompt, response));
    driver.add(new MemoryItem("Spark's reserved memory", SPARK_RESERVED, Place.HEAP, ""));
    List<ProcessPlan> processes = new ArrayList<>();
    Place taskDevice = d.executorsOnGpu() ? Place.GPU : Place.OFF_HEAP;
    int deviceTasks = d.executorsOnGpu() ? d.tasksPerGpu() : d.tasksPerExecutor();
    List<MemoryItem> tasks = RolloutItems.tasks(config, c, prompt, response, deviceTasks,
        taskDevice, d.tasksPerExecutor());
    // a plain model of the (merged) weights, its matrices in ngrpo.model.frozen-dtype on the
    // tasks' device; LoRA across JVMs also keeps the frozen model once per JVM, and with
    // unmerged adapters the policy is that model plus the adapters (ngrpo.weights.adapters)
    long executorCopy = w.forwardCopyBytes(matrixBytes(config, d.executorsOnGpu()));
    long cached = executorCopy;
    boolean lora = config.model().lora().enabled();
    boolean adapters = lora && transport != WeightTransport.IN_PROCESS;
    if (adapters && !config.weights().mergeAdapters()) {
      cached = w.trainedBytes();
    }
    MemoryItem policy = new MemoryItem("policy of the rollouts, built from the published"
        + (d.executorsOnGpu() ? " weights, per GPU" : " weights"), cached, taskDevice,
        Knobs.MODEL);
    List<MemoryItem> frozen = adapters ? List.of(new MemoryItem("frozen model of the LoRA run,"
        + " once per JVM" + (d.executorsOnGpu() ? " and GPU" : ""), executorCopy, taskDevice,
        Knobs.MODEL)) : List.of();
    if (d.tasksInDriver()) {
      driver.add(policy);
      driver.addAll(frozen);
      driver.addAll(tasks);
      processes.add(new ProcessPlan("driver, running the rollout tasks", 1, driver,
          d.driverLimits()));
    } else {
      processes.add(new ProcessPlan("driver", 1, driver, d.driverLimits()));
      List<MemoryItem> executor = new ArrayList<>(List.of(policy));
      executor.addAll(frozen);
      executor.addAll(tasks);
      if (transport == WeightTransport.MODEL_FOLDERS && !localFolders(config)) {
        executor.add(new MemoryItem("one weight tensor at a time (loading a published folder)",
            ModelWeights.F32 * DecoderMemory.largestWeight(c), Place.HEAP, Knobs.FOLDER_LOAD));
      }
      if (transport == WeightTransport.BROADCAST) {
        executor.add(new MemoryItem("broadcast pieces of the weights", w.float32Bytes(),
            Place.HEAP, Knobs.BROADCAST));
        if (d.executorsOnGpu()) {
          executor.add(new MemoryItem("fetched weights snapshot", w.float32Bytes(),
              Place.OFF_HEAP, Knobs.BROADCAST));
        }
      }
      executor.add(new MemoryItem("Spark's reserved memory", SPARK_RESERVED, Place.HEAP, ""));
      processes.add(new ProcessPlan("executor", Math.max(1, d.executors()), executor,
          d.executorLimits()));
    }
    PlanSizes sizes = new PlanSizes(c.parameterCount(), prompt, response, pass.rows(),
        pass.label(), RolloutItems.rows(config), d.tasksPerExecutor());
    return new MemoryPlan(PlanInputs.lines(config, w, d, transport, pass, prompt), sizes,
        processes, d.machine());
  }

  /**
   * Whether the run's output, where published folders go, is on the local file system (a
   * mount every node sees): executors map such folders, and read others (HDFS, S3) a tensor
   * at a time through the heap. Decided by the output's scheme, or Hadoop's default file
   * system for a path without one, without opening a file system.
   */
  static boolean localFolders(RunConfig config) {
    URI output = new Path(config.run().output()).toUri();
    String scheme = output.getScheme() != null ? output.getScheme()
        : FileSystem.getDefaultUri(RunContext.hadoopConfiguration(config)).getScheme();
    return "file".equals(scheme);
  }

  /** The driver's copy of the newest version for the rollouts, by transport. */
  private static List<MemoryItem> published(ModelWeights w, WeightTransport transport,
      Place device) {
    return switch (transport) {
      case IN_PROCESS -> List.of(new MemoryItem("published copy of the weights (in-process)",
          w.bytes(), device, Knobs.IN_PROCESS));
      // the payload array, and Spark's serialized pieces of it in the block manager
      case BROADCAST -> List.of(new MemoryItem("broadcast payload of the weights and Spark's"
          + " pieces of it", 2 * w.float32Bytes(), Place.HEAP, Knobs.BROADCAST));
      // written to files a tensor at a time
      case MODEL_FOLDERS -> List.of();
    };
  }

  /**
   * The groups of a step on the driver's heap: B prompts and up to {@code max-extra-rounds}
   * refills of as many, each group a prompt and G responses of token ids and log-probs.
   */
  /**
   * Bytes of a weight-matrix value of a model only run forward on a GPU or on the CPU:
   * {@code ngrpo.model.frozen-dtype} resolved there.
   */
  static int matrixBytes(RunConfig config, boolean onGpu) {
    DataType type = config.model().frozenDtype().on(onGpu ? Device.gpu() : Device.cpu());
    return type == DataType.FLOAT16 ? 2 : ModelWeights.F32;
  }

  private static MemoryItem groups(RunConfig config, int prompt, int response) {
    long groups = (long) config.run().batchSize() * (1 + config.run().maxExtraRounds());
    long perGroup = 4L * (prompt + 2L * config.rollout().groupSize() * response);
    return new MemoryItem(String.format("rollout groups of a step: up to %,d", groups),
        groups * perGroup, Place.HEAP, Knobs.GROUPS);
  }
}

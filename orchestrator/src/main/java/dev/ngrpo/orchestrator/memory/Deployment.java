package dev.ngrpo.orchestrator.memory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * Where a run's processes run and what each may hold, from the Spark properties the run will
 * start with ({@code ngrpo.spark.conf} under spark-submit's), without starting Spark.
 *
 * <p>Limits. Heap: {@code spark.{driver,executor}.memory} (Spark's default 1g for executors);
 * the driver of a local master is this JVM, whose {@code -Xmx} it has. Off the heap, where
 * libtorch keeps CPU tensors: {@code spark.{driver,executor}.memoryOverhead}, else Spark's
 * default {@code max(minMemoryOverhead = 384 MiB, memoryOverheadFactor = 0.10 x heap)}: what
 * YARN and Kubernetes add to the heap to size a container, and kill a process beyond. Processes
 * of a local or local-cluster master share this machine instead: no per-process allowance, but
 * their heaps and off-heap memory together against the machine's memory. GPU: the given
 * {@code ngrpo.run.gpu-memory}, when given.
 *
 * <p>Rollout tasks at once: {@code local[N]} runs N in the driver ({@code local[*]}: a core
 * each), {@code local-cluster[n,c,m]} c per executor, a cluster {@code spark.executor.cores}
 * (unset: 1, YARN's and Kubernetes' default; a standalone executor takes all its worker's
 * cores, so set it there), each over {@code spark.task.cpus}. Tasks that ask for a GPU
 * ({@code spark.task.resource.gpu.amount}) share one by {@code 1 / amount}.
 *
 * @param kind local (tasks in the driver), local-cluster (executor JVMs on this machine) or a
 *     cluster
 * @param master the master URL, "" when spark-submit sets none
 * @param executors executor JVMs, 0 when unknown (a cluster without
 *     {@code spark.executor.instances}) or none (local)
 * @param tasksPerExecutor rollout tasks one executor (or a local driver) runs at once
 * @param tasksSource how {@code tasksPerExecutor} was found
 * @param driverOnGpu whether the learner's tensors are planned on a GPU
 * @param executorsOnGpu whether rollout tasks generate on GPUs
 * @param tasksPerGpu rollout tasks sharing one GPU
 * @param driverLimits the driver's limits
 * @param executorLimits an executor's limits
 * @param machine this machine's memory when every process runs on it
 */
public record Deployment(Kind kind, String master, int executors, int tasksPerExecutor,
    String tasksSource, boolean driverOnGpu, boolean executorsOnGpu, int tasksPerGpu,
    Map<Place, Limit> driverLimits, Map<Place, Limit> executorLimits, Optional<Limit> machine) {
  /** Spark's floor of an overhead, {@code spark.*.minMemoryOverhead}'s default. */
  static final String MIN_OVERHEAD = "384m";
  /** The share of the heap an overhead takes: {@code spark.*.memoryOverheadFactor}'s default. */
  static final double OVERHEAD_FACTOR = 0.10;
  private static final Pattern LOCAL =
      Pattern.compile("local(\\[\\s*(\\d+|\\*)\\s*(,\\s*\\d+\\s*)?])?");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

  /** How the processes are laid out. */
  public enum Kind {
    LOCAL, LOCAL_CLUSTER, CLUSTER
  }

  public Deployment {
    driverLimits = copy(driverLimits);
    executorLimits = copy(executorLimits);
  }

  /**
   * The deployment {@code conf} describes.
   *
   * @param device {@code ngrpo.model.device}: {@code auto}, {@code cpu} or {@code gpu}
   * @param gpuMemory bytes of each GPU, 0 when not given
   */
  public static Deployment of(SparkConf conf, String device, long gpuMemory, Machine machine) {
    String master = conf.get("spark.master", "").trim();
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    double taskGpus = conf.getDouble("spark.task.resource.gpu.amount", 0);
    Optional<Limit> gpu = gpuMemory > 0
        ? Optional.of(new Limit(gpuMemory, "ngrpo.run.gpu-memory",
            "the GPU's memory (a larger GPU, given as ngrpo.run.gpu-memory)"))
        : Optional.empty();
    boolean driverOnGpu = device.equals("gpu") || device.equals("auto")
        && (gpuMemory > 0 || conf.contains("spark.driver.resource.gpu.amount"));
    Map<Place, Limit> driver = new EnumMap<>(Place.class);
    Map<Place, Limit> executor = new EnumMap<>(Place.class);
    Limit ownHeap = new Limit(machine.heapBytes(), "-Xmx of this JVM, the driver",
        "the driver's -Xmx (NGRPO_JAVA_OPTS, spark-submit --driver-memory)");
    Matcher local = LOCAL.matcher(master);
    Matcher cluster = LOCAL_CLUSTER.matcher(master);
    Kind kind;
    int executors;
    int tasks;
    String tasksSource;
    if (local.matches()) {
      kind = Kind.LOCAL;
      executors = 0;
      String n = local.group(2);
      int threads = n == null ? 1 : n.equals("*") ? machine.cores() : Integer.parseInt(n);
      tasks = Math.max(1, threads / taskCpus);
      tasksSource = master + (n != null && n.equals("*") ? " on " + machine.cores() + " cores" : "")
          + (taskCpus > 1 ? " / spark.task.cpus " + taskCpus : "");
      driver.put(Place.HEAP, ownHeap);
    } else if (cluster.matches()) {
      kind = Kind.LOCAL_CLUSTER;
      executors = Integer.parseInt(cluster.group(1));
      tasks = Math.max(1, Integer.parseInt(cluster.group(2)) / taskCpus);
      tasksSource = master + (taskCpus > 1 ? " / spark.task.cpus " + taskCpus : "");
      driver.put(Place.HEAP, ownHeap);
      executor.put(Place.HEAP, heap(conf, "executor", cluster.group(3) + "m"));
    } else {
      kind = Kind.CLUSTER;
      executors = conf.getInt("spark.executor.instances", 0);
      boolean cores = conf.contains("spark.executor.cores");
      tasks = Math.max(1, conf.getInt("spark.executor.cores", 1) / taskCpus);
      tasksSource = (cores ? "spark.executor.cores " + conf.get("spark.executor.cores")
          : "spark.executor.cores unset: 1")
          + (taskCpus > 1 ? " / spark.task.cpus " + taskCpus : "");
      Limit driverHeap = conf.contains("spark.driver.memory") ? heap(conf, "driver", "1g")
          : new Limit(machine.heapBytes(), "spark.driver.memory unset: -Xmx of this JVM",
              "spark.driver.memory");
      driver.put(Place.HEAP, driverHeap);
      driver.put(Place.OFF_HEAP, overhead(conf, "driver", driverHeap.bytes()));
      Limit executorHeap = heap(conf, "executor", "1g");
      executor.put(Place.HEAP, executorHeap);
      executor.put(Place.OFF_HEAP, overhead(conf, "executor", executorHeap.bytes()));
    }
    boolean executorsOnGpu = kind != Kind.LOCAL && taskGpus > 0;
    int tasksPerGpu = taskGpus > 0 && taskGpus < 1 ? (int) Math.floor(1 / taskGpus) : 1;
    gpu.ifPresent(g -> {
      driver.put(Place.GPU, g);
      executor.put(Place.GPU, g);
    });
    Optional<Limit> machineLimit = kind == Kind.CLUSTER ? Optional.empty()
        : Optional.of(new Limit(machine.physicalBytes(), "this machine's memory, from the OS",
            "the machine's memory (or lower the heaps)"));
    return new Deployment(kind, master, executors, tasks, tasksSource, driverOnGpu,
        executorsOnGpu, tasksPerGpu, driver, executor, machineLimit);
  }

  /** {@code spark.<role>.memory}, in MiB when it has no unit, as Spark reads it. */
  private static Limit heap(SparkConf conf, String role, String fallback) {
    String key = "spark." + role + ".memory";
    long mib = conf.getSizeAsMb(key, fallback);
    return new Limit(mib * Bytes.MIB, conf.contains(key) ? key : key + " unset: " + fallback,
        key);
  }

  /**
   * {@code spark.<role>.memoryOverhead}, else {@code max(minMemoryOverhead,
   * memoryOverheadFactor * heap)} as Spark sizes a container.
   */
  static Limit overhead(SparkConf conf, String role, long heapBytes) {
    String key = "spark." + role + ".memoryOverhead";
    if (conf.contains(key)) {
      return new Limit(conf.getSizeAsMb(key, "0") * Bytes.MIB, key, key);
    }
    String factorKey = "spark." + role + ".memoryOverheadFactor";
    double factor = conf.getDouble(factorKey, OVERHEAD_FACTOR);
    long floorMib = conf.getSizeAsMb("spark." + role + ".minMemoryOverhead", MIN_OVERHEAD);
    long mib = Math.max(floorMib, (long) (factor * (heapBytes / Bytes.MIB)));
    return new Limit(mib * Bytes.MIB, key + " unset: max(" + floorMib + " MiB, " + factor
        + " x the heap)", key);
  }

  /** Whether rollout tasks run in the driver's JVM. */
  public boolean tasksInDriver() {
    return kind == Kind.LOCAL;
  }

  private static Map<Place, Limit> copy(Map<Place, Limit> limits) {
    return limits.isEmpty() ? Map.of() : new EnumMap<>(limits);
  }
}

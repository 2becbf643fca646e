package dev.ngrpo.lab.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.orchestrator.config.SparkSettings;
import dev.ngrpo.lab.experiment.Statistics;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.weights.BroadcastPublisher;
import dev.ngrpo.orchestrator.weights.FolderPublisher;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.worker.ModelLease;
import dev.ngrpo.rollout.worker.PolicyCache;
import dev.ngrpo.rollout.worker.PolicySource;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Weight publishing on its own: the driver encodes and broadcasts each new version
 * ({@link BroadcastPublisher}, what training does), then one task per executor builds that
 * version the way a rollout task does ({@link PolicyCache#acquire}: fetch the broadcast,
 * decode, build the model). Run against a {@code local-cluster} master the executors are
 * separate JVMs, so the weights cross process boundaries as on a cluster.
 */
public final class PublishBenchmark {
  /**
   * The figures of one model shape.
   *
   * @param model shape name
   * @param transport {@code broadcast} or {@code model-folders} (a model folder per version)
   * @param megabytes size of the encoded weights (F32), MB
   * @param executors executors that loaded each version
   * @param warmupVersions versions published and loaded before the measured ones, in the same
   *     session: fresh JVMs fetch and answer Spark's RPCs slower at first, as in the first
   *     steps of a training run
   * @param versions measured versions
   * @param publishSeconds driver: encode + broadcast, mean over the measured versions
   * @param loadSeconds executor: fetch + decode + build, slowest executor, mean over versions
   * @param buildSeconds executor: a second build from the same source, same executor, mean
   *     over versions: for a broadcast, decode + build from the payload the load fetched (so
   *     {@code loadSeconds - buildSeconds} is the fetch); for a model folder, reading it again
   *     (from the page cache by then) and building
   * @param loadCpuSeconds CPU time of the driver and every executor JVM together during the
   *     job that loads the version (every thread: tasks, Spark's network and RPC threads,
   *     garbage collection, JIT compilation), mean over versions
   * @param loadBusyCores {@code loadCpuSeconds} over the wall time of that job, mean over
   *     versions: how many of the machine's cores the load kept busy; near the machine's core
   *     count, the load is bound by CPU, not by waiting on Spark's round trips. The operating
   *     system counts CPU in ticks of 10 ms per process, so for a job of tenths of a second
   *     (the default model's) it is coarse
   * @param emptyJobSeconds the wall time of a job of one empty task per executor, median over
   *     the versions: what any Spark round trip costs on this machine, the floor under both
   *     figures before (the broadcast's block RPCs are of the same kind)
   * @param executorPeakMib peak resident memory of the largest executor JVM, MiB (0 when the
   *     executors are not child processes of this JVM)
   */
  public record Figure(String model, String transport, double megabytes, int executors,
      int warmupVersions, int versions, double publishSeconds, double loadSeconds,
      double buildSeconds, double loadCpuSeconds, double loadBusyCores, double emptyJobSeconds,
      long executorPeakMib) {}

  /**
   * Which versions of a session one figure measures.
   *
   * @param warmupVersions versions before them
   * @param versions how many
   */
  public record Window(int warmupVersions, int versions) {
    public Window {
      if (warmupVersions < 0 || versions < 1) {
        throw new IllegalArgumentException("a window measures at least one version after"
            + " none or more, got " + versions + " after " + warmupVersions);
      }
    }
  }

  private PublishBenchmark() {}

  /**
   * Publishes versions of a random model of {@code shape} on a session from {@code spark}, with
   * {@code executors} executors expected, by broadcast, or as model folders under
   * {@code folder} when it is not null (the {@code model-folders} transport), until every window
   * is measured; one figure per window, from the same session.
   */
  public static List<Figure> run(String name, ModelConfig shape, SparkSettings spark,
      int executors, List<Window> windows, String folder) {
    int total = windows.stream().mapToInt(w -> w.warmupVersions() + w.versions()).max()
        .orElseThrow(() -> new IllegalArgumentException("no window to measure"));
    SparkSession session = SparkSessions.start(spark);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
    try (PolicyModel model = PolicyModel.initialize(shape, 1, Device.cpu());
        WeightsPublisher publisher = folder == null ? new BroadcastPublisher(context)
            : new FolderPublisher(folder, context.hadoopConfiguration())) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
      waitForExecutors(sc, executors);
      String run = "publish-bench-" + UUID.randomUUID();
      // [publish, load, build, empty job, load CPU, load busy cores][version], seconds
      double[][] t = new double[6][total];
      for (int v = 0; v < total; v++) {
        long t0 = System.nanoTime();
        PublishedWeights w = publisher.publish(v, model);
        t[0][v] = (System.nanoTime() - t0) / 1e9;
        List<Integer> slots = IntStream.range(0, executors).boxed().toList();
        double cpu0 = ProcessCpu.familySeconds();
        long j0 = System.nanoTime();
        double[] slowest = sc.parallelize(slots, executors).map(new LoadProbe(run, w))
            .collect().stream().max(Comparator.comparingDouble(x -> x[0])).orElseThrow();
        double job = (System.nanoTime() - j0) / 1e9;
        t[4][v] = ProcessCpu.familySeconds() - cpu0;
        t[5][v] = t[4][v] / job;
        t[1][v] = slowest[0];
        t[2][v] = slowest[1];
        long e0 = System.nanoTime();
        sc.parallelize(slots, executors).map(i -> i).collect();
        t[3][v] = (System.nanoTime() - e0) / 1e9;
      }
      long executorPeak = ProcessMemory.childJvmsPeakMib();
      sc.parallelize(List.of(0), 1).map(i -> {
        PolicyCache.shared().clear();
        return i;
      }).collect();
      return windows.stream().map(win -> {
        int from = win.warmupVersions();
        int to = from + win.versions();
        return new Figure(name, folder == null ? "broadcast" : "model-folders",
            shape.parameterCount() * 4 / 1e6, executors, from, win.versions(),
            Statistics.mean(Arrays.copyOfRange(t[0], from, to)),
            Statistics.mean(Arrays.copyOfRange(t[1], from, to)),
            Statistics.mean(Arrays.copyOfRange(t[2], from, to)),
            Statistics.mean(Arrays.copyOfRange(t[4], from, to)),
            Statistics.mean(Arrays.copyOfRange(t[5], from, to)),
            Statistics.median(Arrays.copyOfRange(t[3], from, to)), executorPeak);
      }).toList();
    } finally {
      session.stop();
    }
  }

  private static void waitForExecutors(JavaSparkContext sc, int executors) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    // the status tracker lists the driver too; local[N] has no executors but the driver
    while (!sc.master().startsWith("local[")
        && sc.statusTracker().getExecutorInfos().length < executors + 1
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Builds the published version on an executor the way a rollout task does, then once more
   * from the same source, whose payload is local by then; returns both times, in seconds.
   */
  private record LoadProbe(String run, PublishedWeights weights)
      implements Function<Integer, double[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public double[] call(Integer slot) {
      PolicySource source = weights.source();
      long t0 = System.nanoTime();
      try (ModelLease lease = PolicyCache.shared().acquire(run, weights.version(),
          Device.cpu(), DataType.FLOAT32, source)) {
        lease.model();
      }
      long t1 = System.nanoTime();
      source.build(Device.cpu()).close();
      return new double[] {(t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9};
    }
  }
}

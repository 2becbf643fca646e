package dev.ngrpo.orchestrator.bench;

import ai.djl.Device;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.orchestrator.config.SparkSettings;
import dev.ngrpo.orchestrator.experiment.Statistics;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.weights.BroadcastPublisher;
import dev.ngrpo.orchestrator.weights.FolderPublisher;
import dev.ngrpo.orchestrator.weights.PublishedWeights;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.worker.PolicyCache;
import dev.ngrpo.rollout.worker.PolicySource;
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
   * @param transport {@code broadcast} or {@code checkpoint} (a model folder per version)
   * @param megabytes size of the encoded weights (F32), MB
   * @param executors executors that loaded each version
   * @param publishSeconds driver: encode + broadcast, mean over the measured versions
   * @param loadSeconds executor: fetch + decode + build, slowest executor, mean over versions
   * @param buildSeconds executor: a second build from the same source, same executor, mean
   *     over versions: for a broadcast, decode + build from the payload the load fetched (so
   *     {@code loadSeconds - buildSeconds} is the fetch); for a model folder, reading it again
   *     (from the page cache by then) and building
   * @param emptyJobSeconds the wall time of a job of one empty task per executor, median over
   *     the versions: what any Spark round trip costs on this machine, the floor under both
   *     figures before (the broadcast's block RPCs are of the same kind)
   * @param executorPeakMib peak resident memory of the largest executor JVM, MiB (0 when the
   *     executors are not child processes of this JVM)
   */
  public record Figure(String model, String transport, double megabytes, int executors,
      double publishSeconds, double loadSeconds, double buildSeconds, double emptyJobSeconds,
      long executorPeakMib) {}

  private PublishBenchmark() {}

  /**
   * Publishes {@code versions} versions of a random model of {@code shape} (after one
   * unmeasured warm-up version) on a session from {@code spark}, with {@code executors}
   * executors expected: by broadcast, or as model folders under {@code folder} when it is not
   * null (the {@code checkpoint} transport).
   */
  public static Figure run(String name, ModelConfig shape, SparkSettings spark, int executors,
      int versions, String folder) {
    SparkSession session = SparkSessions.start(spark);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
    try (PolicyModel model = PolicyModel.initialize(shape, 1, Device.cpu());
        WeightsPublisher publisher = folder == null ? new BroadcastPublisher(context)
            : new FolderPublisher(folder, context.hadoopConfiguration())) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
      waitForExecutors(sc, executors);
      String run = "publish-bench-" + UUID.randomUUID();
      double publish = 0;
      double load = 0;
      double build = 0;
      double[] emptyJobs = new double[versions];
      for (int v = 0; v <= versions; v++) {
        long t0 = System.nanoTime();
        PublishedWeights w = publisher.publish(v, model);
        double p = (System.nanoTime() - t0) / 1e9;
        List<Integer> slots = IntStream.range(0, executors).boxed().toList();
        double[] slowest = sc.parallelize(slots, executors).map(new LoadProbe(run, w))
            .collect().stream().max(Comparator.comparingDouble(t -> t[0])).orElseThrow();
        long e0 = System.nanoTime();
        sc.parallelize(slots, executors).map(i -> i).collect();
        if (v > 0) {
          publish += p;
          load += slowest[0];
          build += slowest[1];
          emptyJobs[v - 1] = (System.nanoTime() - e0) / 1e9;
        }
      }
      long executorPeak = ProcessMemory.childJvmsPeakMib();
      sc.parallelize(List.of(0), 1).map(i -> {
        PolicyCache.shared().clear();
        return i;
      }).collect();
      return new Figure(name, folder == null ? "broadcast" : "checkpoint",
          shape.parameterCount() * 4 / 1e6, executors, publish / versions, load / versions,
          build / versions, Statistics.median(emptyJobs), executorPeak);
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
      try (PolicyCache.Lease lease = PolicyCache.shared().acquire(run, weights.version(),
          Device.cpu(), source)) {
        lease.model();
      }
      long t1 = System.nanoTime();
      source.build(Device.cpu()).close();
      return new double[] {(t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9};
    }
  }
}

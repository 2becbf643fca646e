package dev.ngrpo.orchestrator.spark;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the first rollout, waits (bounded) for the executors the run asked for, so it does not
 * start under-partitioned while executor pods pull GPU images or YARN containers start: a
 * rollout stage takes one partition per task slot registered at that moment.
 *
 * <p>Spark's own keys say how long: the run waits until {@code
 * spark.scheduler.minRegisteredResourcesRatio} (default here 0.8, Spark's YARN and Kubernetes
 * default) of the expected executors registered, at most until {@code
 * spark.scheduler.maxRegisteredResourcesWaitingTime} (default 30 s) after the context started.
 * Spark waits the same way inside the context's start on YARN and Kubernetes, but not on a
 * standalone master, and says nothing while it waits; this logs a line every 10 s and one when
 * done. Executors expected: {@code spark.executor.instances}, else the workers of a {@code
 * local-cluster} master, else {@code spark.cores.max / spark.executor.cores}; when none of these
 * is set nothing is waited for.
 */
public final class ExecutorWait {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorWait.class);
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,.*");
  private static final long POLL_MILLIS = 500;
  private static final long REPORT_MILLIS = 10_000;

  private ExecutorWait() {}

  /** Executors the run asked for, when its Spark settings say. */
  static OptionalInt expected(SparkConf conf) {
    if (conf.contains("spark.executor.instances")) {
      return OptionalInt.of(conf.getInt("spark.executor.instances", 0));
    }
    Matcher m = LOCAL_CLUSTER.matcher(conf.get("spark.master", ""));
    if (m.matches()) {
      return OptionalInt.of(Integer.parseInt(m.group(1)));
    }
    if (conf.contains("spark.cores.max") && conf.contains("spark.executor.cores")) {
      return OptionalInt.of(conf.getInt("spark.cores.max", 0)
          / Math.max(1, conf.getInt("spark.executor.cores", 1)));
    }
    return OptionalInt.empty();
  }

  /** Executors to wait for: {@code ceil(ratio x expected)}, the ratio clamped to [0, 1]. */
  static int needed(int expected, double ratio) {
    return (int) Math.ceil(expected * Math.min(1, Math.max(0, ratio)) - 1e-9);
  }

  /** Waits for the executors of {@code sc} as the class comment says, then logs the count. */
  public static void await(JavaSparkContext sc) {
    if (sc.isLocal()) {
      return;
    }
    SparkConf conf = sc.getConf();
    OptionalInt expected = expected(conf);
    if (expected.isEmpty()) {
      LOG.info("executors: {} registered ({} rollout task slots); no executor count is set"
          + " (spark.executor.instances), so none is waited for", TaskSlots.registeredExecutors(sc),
          TaskSlots.of(sc));
      return;
    }
    double ratio = conf.getDouble("spark.scheduler.minRegisteredResourcesRatio", 0.8);
    int needed = needed(expected.getAsInt(), ratio);
    long waitMillis = conf.getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s");
    long deadline = sc.startTime() + waitMillis;
    long nextReport = System.currentTimeMillis();
    int registered = TaskSlots.registeredExecutors(sc);
    while (registered < needed && System.currentTimeMillis() < deadline) {
      if (System.currentTimeMillis() >= nextReport) {
        LOG.info("waiting for executors: {} of {} registered, {} needed"
            + " (spark.scheduler.minRegisteredResourcesRatio {}); at most {} s more"
            + " (spark.scheduler.maxRegisteredResourcesWaitingTime)", registered,
            expected.getAsInt(), needed, ratio,
            Math.max(0, (deadline - System.currentTimeMillis()) / 1000));
        nextReport = System.currentTimeMillis() + REPORT_MILLIS;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      registered = TaskSlots.registeredExecutors(sc);
    }
    if (registered < needed) {
      LOG.warn("starting with {} of {} executors: spark.scheduler.maxRegisteredResourcesWaitingTime"
          + " ({} s) passed; each rollout stage uses the executors registered when it starts",
          registered, expected.getAsInt(), waitMillis / 1000);
    } else {
      LOG.info("executors: {} of {} registered ({} rollout task slots)", registered,
          expected.getAsInt(), TaskSlots.of(sc));
    }
  }
}

package dev.ngrpo.orchestrator.spark;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.orchestrator.metrics.LiveFigures;
import dev.ngrpo.rollout.worker.RolloutCounters;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a run's figures into Spark's metrics system ({@code spark.plugins}; every run's
 * session loads it), so whatever sink the cluster configured (the Prometheus servlet, JMX,
 * Graphite, CSV) exports them. Spark registers a plugin's gauges under the source
 * {@code plugin.<this class>}, so the driver's read
 * {@code <namespace>.driver.plugin.dev.ngrpo.orchestrator.spark.MetricsPlugin.<name>}.
 *
 * <ul>
 *   <li>The driver: one gauge per step figure of {@link MetricNames} (the value of the last
 *       logged step, NaN before it or where the step logged none, as KL without a
 *       reference), {@code step}, {@code weights.version} and {@code checkpoint.step}
 *       ({@link LiveFigures}), and the executors' rollout counts summed, as
 *       {@code executors.rollout.*}.</li>
 *   <li>Each executor (not the driver's own under a local master): its own JVM's counts,
 *       {@code rollout.responses}, {@code .tokens}, {@code .generation.seconds},
 *       {@code .verification.seconds}, {@code .ungraded_responses}, {@code .policy_loads}
 *       ({@link RolloutCounters}), for executor-side sinks; it also sends them to the driver
 *       after each task, since the driver's Prometheus endpoint shows only the driver's
 *       registry.</li>
 * </ul>
 *
 * <p>Gauges are registered once, when Spark starts the plugin, and read what the run logs
 * later: Spark copies a plugin's registry into its metrics system at that moment.
 */
public final class MetricsPlugin implements SparkPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsPlugin.class);
  /** The executor id of the driver's own executor under a local master (Spark's, internal). */
  private static final String DRIVER = "driver";

  /** The executors' gauges: name and the figure of a count snapshot. */
  private static final Map<String, Function<RolloutCounters.Snapshot, Number>> ROLLOUT = Map.of(
      "rollout.responses", RolloutCounters.Snapshot::responses,
      "rollout.tokens", RolloutCounters.Snapshot::tokens,
      "rollout.generation.seconds", RolloutCounters.Snapshot::generationSeconds,
      "rollout.verification.seconds", RolloutCounters.Snapshot::verificationSeconds,
      "rollout.ungraded_responses", RolloutCounters.Snapshot::ungraded,
      "rollout.policy_loads", RolloutCounters.Snapshot::policyLoads);

  @Override
  public DriverPlugin driverPlugin() {
    return new Driver();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Executor();
  }

  /** The driver's side: the run's figures, and the executors' reports. */
  static final class Driver implements DriverPlugin {
    @Override
    public void registerMetrics(String appId, PluginContext context) {
      MetricRegistry registry = context.metricRegistry();
      for (String name : MetricNames.all()) {
        gauge(registry, name, () -> LiveFigures.metric(name));
      }
      gauge(registry, "step", LiveFigures::step);
      gauge(registry, "weights.version", LiveFigures::weightsVersion);
      gauge(registry, "checkpoint.step", LiveFigures::checkpointStep);
      ROLLOUT.forEach((name, figure) ->
          gauge(registry, "executors." + name, () -> figure.apply(LiveFigures.executorTotals())));
    }

    @Override
    public Object receive(Object message) {
      if (message instanceof Report r) {
        LiveFigures.executorReport(r.executorId(), r.counts());
      }
      return null;
    }
  }

  /** An executor's side: its JVM's counts, reported to the driver after each task. */
  static final class Executor implements ExecutorPlugin {
    private PluginContext context;

    /**
     * Registers the JVM's gauges, except in the driver's own executor (a local master), where
     * the driver's {@code executors.rollout.*} already show the same counts and Spark would
     * register them before the application has an id, under a name without one.
     */
    @Override
    public void init(PluginContext context, Map<String, String> extraConf) {
      this.context = context;
      if (!DRIVER.equals(context.executorID())) {
        ROLLOUT.forEach((name, figure) -> gauge(context.metricRegistry(), name,
            () -> figure.apply(RolloutCounters.snapshot())));
      }
    }

    @Override
    public void onTaskSucceeded() {
      report();
    }

    @Override
    public void onTaskFailed(TaskFailedReason reason) {
      report();
    }

    private void report() {
      try {
        context.send(new Report(context.executorID(), RolloutCounters.snapshot()));
      } catch (Exception e) {
        // a lost report leaves the driver's totals one task behind, never the run
        LOG.debug("could not report rollout counts to the driver", e);
      }
    }
  }

  /** One executor's counts, sent to the driver (Spark's RPC serializes it with Java's). */
  record Report(String executorId, RolloutCounters.Snapshot counts)
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static <T extends Number> void gauge(MetricRegistry registry, String name,
      Supplier<T> value) {
    registry.register(name, (Gauge<T>) value::get);
  }
}

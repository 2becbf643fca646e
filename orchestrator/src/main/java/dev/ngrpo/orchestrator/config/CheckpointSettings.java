package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import dev.ngrpo.core.config.Settings;
import dev.ngrpo.core.weights.WeightsSnapshot;
import java.util.List;

/**
 * The {@code ngrpo.checkpoint} and {@code ngrpo.weights} sections.
 *
 * @param every checkpoint period in steps, 0 = only after the last step
 * @param keepLast complete checkpoints kept
 * @param transport {@code auto}, {@code in-process}, {@code broadcast} or {@code checkpoint}
 */
public record CheckpointSettings(int every, int keepLast, String transport) {
  /** Reads and validates both sections. */
  public static CheckpointSettings from(Config root) {
    Settings c = Settings.of(root, "ngrpo.checkpoint");
    Settings w = Settings.of(root, "ngrpo.weights");
    return new CheckpointSettings(c.nonNegativeInt("every"), c.intIn("keep-last", 1, 10_000),
        w.oneOf("transport", List.of("auto", "in-process", "broadcast", "checkpoint")));
  }

  /**
   * The transport this run uses under {@code master} for a policy of {@code parameters}
   * parameters: {@code auto} becomes {@code in-process} when rollout tasks run in the driver's
   * JVM ({@code localMaster}, a {@code local[N]} master), {@code checkpoint} on a
   * {@code local-cluster[...]} master (every executor JVM runs on this machine and maps the
   * model folders the driver writes, the cheapest way across JVMs), and {@code broadcast} on
   * any other (executors may not see the driver's files) unless the model is too large for
   * one broadcast payload ({@link WeightsSnapshot#MAX_PARAMETERS}), where it becomes
   * {@code checkpoint}.
   *
   * @throws IllegalArgumentException for {@code in-process} when the master is not local, and
   *     for {@code broadcast} when the model is too large for it
   */
  public String transportUnder(String master, boolean localMaster, long parameters) {
    boolean fits = parameters <= WeightsSnapshot.MAX_PARAMETERS;
    if (transport.equals("auto")) {
      if (localMaster) {
        return "in-process";
      }
      return master.startsWith("local-cluster") || !fits ? "checkpoint" : "broadcast";
    }
    if (transport.equals("in-process") && !localMaster) {
      throw new IllegalArgumentException("ngrpo.weights.transport = in-process needs rollout "
          + "tasks in the driver's JVM (a local[N] master), but the master is " + master
          + "; use broadcast or checkpoint");
    }
    if (transport.equals("broadcast") && !fits) {
      throw new IllegalArgumentException(String.format("ngrpo.weights.transport = broadcast:"
          + " the policy has %,d parameters, whose float32 snapshot (%.1f GB) does not fit in"
          + " one broadcast payload (a Java byte array, 2 GB: at most %,d parameters); use"
          + " checkpoint, or auto, which picks it", parameters, parameters * 4 / 1e9,
          WeightsSnapshot.MAX_PARAMETERS));
    }
    return transport;
  }

  /** True when this step (0-based) ends with a checkpoint. */
  public boolean due(long step, int steps) {
    return step + 1 == steps || every > 0 && (step + 1) % every == 0;
  }
}

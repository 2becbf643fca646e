package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.config.Registry;
import dev.ngrpo.core.weights.WeightsSnapshot;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How each new policy version reaches the executors ({@code ngrpo.weights.transport}); each
 * transport builds its own publisher and knows where it cannot work.
 */
public enum WeightTransport {
  /**
   * Rollout tasks in the driver's JVM (a {@code local[N]} master) copy the weights on the
   * device: nothing is serialized.
   */
  IN_PROCESS("in-process") {
    @Override
    public WeightsPublisher publisher(JavaSparkContext sc, String output, Configuration hadoop) {
      return new InProcessPublisher();
    }
  },
  /** A Spark broadcast of the F32 snapshot, at most one Java byte array. */
  BROADCAST("broadcast") {
    @Override
    public WeightsPublisher publisher(JavaSparkContext sc, String output, Configuration hadoop) {
      return new BroadcastPublisher(sc);
    }
  },
  /** The driver writes a model folder per version under the output; executors read or map it. */
  MODEL_FOLDERS("model-folders", "checkpoint") {
    @Override
    public WeightsPublisher publisher(JavaSparkContext sc, String output, Configuration hadoop) {
      return new FolderPublisher(output, hadoop);
    }
  };

  /** The transports by configuration name ({@code checkpoint} is model-folders' old name). */
  public static final Registry<WeightTransport> BY_NAME = byName();

  private final String configName;
  private final String[] oldNames;

  WeightTransport(String configName, String... oldNames) {
    this.configName = configName;
    this.oldNames = oldNames;
  }

  private static Registry<WeightTransport> byName() {
    Registry.Builder<WeightTransport> names = Registry.of("weight transport");
    for (WeightTransport t : values()) {
      names.add(t.configName, t, t.oldNames);
    }
    return names.build();
  }

  /** A publisher of this transport writing (when it writes) under the run's {@code output}. */
  public abstract WeightsPublisher publisher(JavaSparkContext sc, String output,
      Configuration hadoop);

  /** The configuration name. */
  public String configName() {
    return configName;
  }

  /**
   * What {@code auto} picks under {@code master} for a policy of {@code parameters}: in-process
   * when rollout tasks run in the driver's JVM ({@code localMaster}, a {@code local[N]}
   * master); model folders on a {@code local-cluster[...]} master (every executor JVM runs on
   * this machine and maps the folders the driver writes, the cheapest way across JVMs) and for
   * a policy too large for one broadcast payload ({@link WeightsSnapshot#MAX_PARAMETERS});
   * broadcast on any other master, whose executors may not see the driver's files.
   */
  public static WeightTransport auto(String master, boolean localMaster, long parameters) {
    if (localMaster) {
      return IN_PROCESS;
    }
    return master.startsWith("local-cluster") || parameters > WeightsSnapshot.MAX_PARAMETERS
        ? MODEL_FOLDERS : BROADCAST;
  }

  /**
   * Refuses this transport where it cannot work, naming the key and the fix.
   *
   * @throws IllegalArgumentException for in-process when the master is not local, and for
   *     broadcast when the policy is too large for one payload
   */
  public void check(String master, boolean localMaster, long parameters) {
    if (this == IN_PROCESS && !localMaster) {
      throw new IllegalArgumentException("ngrpo.weights.transport = in-process needs rollout "
          + "tasks in the driver's JVM (a local[N] master), but the master is " + master
          + "; use broadcast or model-folders");
    }
    if (this == BROADCAST && parameters > WeightsSnapshot.MAX_PARAMETERS) {
      throw new IllegalArgumentException(String.format("ngrpo.weights.transport = broadcast:"
          + " the policy has %,d parameters, whose float32 snapshot (%.1f GB) does not fit in"
          + " one broadcast payload (a Java byte array, 2 GB: at most %,d parameters); use"
          + " model-folders, or auto, which picks it", parameters, parameters * 4 / 1e9,
          WeightsSnapshot.MAX_PARAMETERS));
    }
  }
}

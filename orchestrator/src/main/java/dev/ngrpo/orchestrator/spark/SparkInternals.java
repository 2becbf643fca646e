package dev.ngrpo.orchestrator.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;

/**
 * The only calls of Spark-internal API ({@code private[spark]} in Scala, public in bytecode)
 * the product makes, in one place so that a Spark upgrade that changes them breaks here, and
 * {@code SparkInternalsTest} runs each on a local Spark to show it still works:
 *
 * <ul>
 *   <li>{@code Broadcast.destroy(blocking = true)}: the public {@code destroy()} does not wait
 *       for the blocks to be removed, and the weights publisher must know when a retired
 *       version's memory is free;</li>
 *   <li>{@code SparkEnv.blockManager().blockManagerId()}: the {@code host:port} under which
 *       Spark's public status tracker lists this JVM, which {@code doctor --executors} needs to
 *       tell the driver from the executors.</li>
 * </ul>
 */
public final class SparkInternals {
  private SparkInternals() {}

  /** Destroys {@code broadcast} everywhere and returns once its blocks are removed. */
  public static void destroyAndWait(Broadcast<?> broadcast) {
    broadcast.destroy(true);
  }

  /** This JVM's block manager as {@code host:port}, "" outside a Spark JVM. */
  public static String blockManagerHostPort() {
    SparkEnv env = SparkEnv.get();
    return env == null ? "" : env.blockManager().blockManagerId().hostPort();
  }
}

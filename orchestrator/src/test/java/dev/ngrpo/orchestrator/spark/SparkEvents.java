package dev.ngrpo.orchestrator.spark;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What a fault test needs to see happened: failed task attempts and removed executors, from
 * Spark's listener bus (which delivers asynchronously: {@link #drain} waits for the events).
 */
final class SparkEvents extends SparkListener {
  private final List<String> failedTasks = new CopyOnWriteArrayList<>();
  private final List<String> removedExecutors = new CopyOnWriteArrayList<>();

  /** Listens to {@code sc} from now on. */
  static SparkEvents on(SparkContext sc) {
    SparkEvents events = new SparkEvents();
    sc.addSparkListener(events);
    return events;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.reason() != Success$.MODULE$) {
      failedTasks.add("partition " + end.taskInfo().partitionId() + " attempt "
          + end.taskInfo().attemptNumber() + ": " + end.reason());
    }
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
    removedExecutors.add("executor " + e.executorId() + ": " + e.reason());
  }

  /** Failed task attempts, as "partition P attempt A: reason". */
  List<String> failedTasks() {
    return failedTasks;
  }

  /** Removed executors, as "executor ID: reason". */
  List<String> removedExecutors() {
    return removedExecutors;
  }

  /** Waits (at most 30 s) until {@code sc}'s listener bus delivered every event posted so far. */
  static void drain(SparkContext sc) throws TimeoutException {
    sc.listenerBus().waitUntilEmpty(30_000);
  }
}

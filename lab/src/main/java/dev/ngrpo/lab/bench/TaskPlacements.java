package dev.ngrpo.lab.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Which executor ran each task of a job, by the job's description, from Spark's listener bus.
 * The bus delivers asynchronously, after the job's result may have reached the caller, so
 * {@link #executors} waits for the job's tasks.
 */
final class TaskPlacements extends SparkListener {
  private static final String DESCRIPTION = "spark.job.description";
  private final Map<Integer, String> stageDescriptions = new ConcurrentHashMap<>();
  private final Map<String, List<String>> executorsByDescription = new ConcurrentHashMap<>();

  /** Listens to {@code sc} from now on; remove it with {@link SparkContext#removeSparkListener}. */
  static TaskPlacements on(SparkContext sc) {
    TaskPlacements placements = new TaskPlacements();
    sc.addSparkListener(placements);
    return placements;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String description = start.properties() == null ? null
        : start.properties().getProperty(DESCRIPTION);
    if (description != null) {
      executorsByDescription.putIfAbsent(description, new CopyOnWriteArrayList<>());
      start.stageInfos().foreach(s -> stageDescriptions.put(s.stageId(), description));
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    String description = stageDescriptions.get(end.stageId());
    if (description != null) {
      executorsByDescription.get(description).add(end.taskInfo().executorId());
    }
  }

  /**
   * The executor IDs that ran the tasks of the job described {@code description}, in the order
   * the tasks ended, once {@code tasks} of them ended.
   *
   * @throws IllegalStateException when they have not within 30 s
   */
  List<String> executors(String description, int tasks) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<String> ids = executorsByDescription.get(description);
      if (ids != null && ids.size() >= tasks) {
        return List.copyOf(ids);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("Spark's listener bus did not report the " + tasks
        + " task(s) of job '" + description + "' within 30 s");
  }
}

package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.SparkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * What {@code ngrpo doctor --executors} asks the cluster: one task on every registered
 * executor, each answering with the {@link JvmReport} of its JVM. Spark offers a job's tasks
 * one per executor in each pass over the free executors, so a job of as many tasks as
 * executors usually reaches each once; a round of twice as many (and so on, a few rounds) goes
 * after any it missed. Answers come back through an accumulator, so the executors that
 * answered are reported even when another one's task never ends (a JVM that hangs loading
 * libtorch or initialising a GPU): at the deadline the job is cancelled and that executor is
 * named. Which executors exist comes from the public status tracker, whose list includes the
 * driver; under a local master the driver's JVM runs the tasks and is the one executor.
 */
public final class ExecutorSurvey {
  private static final int ROUNDS = 4;
  private static final long POLL_MILLIS = 200;
  /** Executor ids in numeric order, {@code 2} before {@code 10}. */
  private static final Comparator<String> EXECUTOR_ORDER =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

  private ExecutorSurvey() {}

  /**
   * What the survey found.
   *
   * @param master the Spark master
   * @param expected the executors the configuration asks for ({@link #expectedExecutors})
   * @param reports one per executor that answered, in the order of their ids
   * @param silent the executors ({@code host:port}) that registered and did not answer
   */
  public record Result(String master, int expected, List<JvmReport> reports,
      List<String> silent) {
    /** Executors asked for that never registered. */
    public int unregistered() {
      return Math.max(0, expected - reports.size() - silent.size());
    }

    /** Whether every executor asked for answered, each with a working engine. */
    public boolean healthy() {
      return silent.isEmpty() && unregistered() == 0
          && reports.stream().allMatch(r -> r.problem().isEmpty());
    }
  }

  /**
   * Starts Spark with {@code settings} (the master from {@code ngrpo.spark.master}, else
   * spark-submit's), {@linkplain #run(JavaSparkContext, Duration) surveys} its executors and
   * stops it.
   *
   * @throws ConfigurationError when neither names a master, before Spark starts
   */
  public static Result of(SparkSettings settings, Duration timeout) {
    if (!SparkSessions.conf(settings).contains("spark.master")) {
      throw new ConfigurationError("ngrpo.spark.master is \"\" (spark-submit's) and no"
          + " spark-submit set one: give the cluster's, e.g. --set ngrpo.spark.master=yarn,"
          + " or run under spark-submit");
    }
    SparkSession spark = SparkSessions.start(settings);
    try {
      return run(JavaSparkContext.fromSparkContext(spark.sparkContext()), timeout);
    } finally {
      spark.stop();
    }
  }

  /**
   * Has every executor answer, within {@code timeout}: asks the executors registered so far at
   * once, and those that register later as they come, until all that {@code conf} asks for
   * ({@link #expectedExecutors}) have answered or the time is up.
   *
   * @throws IllegalStateException when no executor registered or answered in time, naming
   *     the master and the time waited
   */
  public static Result run(JavaSparkContext sc, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String master = sc.master();
    int expected = expectedExecutors(sc.getConf());
    String driver = SparkInternals.blockManagerHostPort();
    CollectionAccumulator<JvmReport> answers = sc.sc().collectionAccumulator("ngrpo doctor");
    Map<String, JvmReport> byExecutor = new TreeMap<>(EXECUTOR_ORDER);
    Set<String> asked = Set.of();
    int rounds = 0;
    Set<String> executors = executors(sc, driver);
    while (System.nanoTime() < deadline) {
      Set<String> unanswered = unanswered(executors, byExecutor);
      boolean all = executors.size() >= expected;
      if (all && unanswered.isEmpty() && !byExecutor.isEmpty()) {
        break;
      }
      rounds = executors.equals(asked) ? rounds : 0;
      asked = executors;
      boolean ask = !unanswered.isEmpty() || expected == 0 && byExecutor.isEmpty();
      if (ask && rounds < ROUNDS) {
        rounds++;
        boolean finished = runRound(sc, answers, Math.max(1, executors.size()) * rounds,
            deadline);
        answers.value().forEach(r -> byExecutor.putIfAbsent(r.executorId(), r));
        if (!finished) {
          break;
        }
      } else if (all) {
        break; // the executors left out were asked ROUNDS times: no task reaches them
      } else {
        pause();
      }
      executors = executors(sc, driver);
    }
    if (byExecutor.isEmpty()) {
      throw new IllegalStateException(executors.isEmpty()
          ? String.format("no executor registered with master %s within %d s (--timeout): the"
              + " cluster has no room for them (queue, quota, free cores and memory) or they"
              + " cannot reach this driver; see the cluster manager and the executors' logs",
              master, timeout.toSeconds())
          : String.format("no executor answered within %d s (--timeout) on master %s, though"
              + " %d registered: their tasks never started or never finished; see the Spark UI"
              + " and the executors' logs", timeout.toSeconds(), master, executors.size()));
    }
    return new Result(master, expected, new ArrayList<>(byExecutor.values()),
        new ArrayList<>(unanswered(executors, byExecutor)));
  }

  private static Set<String> unanswered(Set<String> executors,
      Map<String, JvmReport> byExecutor) {
    Set<String> out = new TreeSet<>(executors);
    byExecutor.values().forEach(r -> out.remove(r.blockManager()));
    return out;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for executors", e);
    }
  }

  /**
   * The executors {@code conf} asks for: none besides the driver under a local master (whose
   * JVM runs the tasks), the initial or minimum count under dynamic allocation on a cluster
   * (which only grows once tasks wait, so 0 is possible), else what a run waits for ({@link
   * ExecutorWait#expected}: {@code spark.executor.instances}, the workers of a {@code
   * local-cluster}, {@code spark.cores.max / spark.executor.cores}), at least one.
   */
  static int expectedExecutors(SparkConf conf) {
    String master = conf.get("spark.master", "");
    boolean localCluster = master.startsWith("local-cluster");
    if (master.startsWith("local") && !localCluster) {
      return 0;
    }
    if (!localCluster && conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      return Math.max(conf.getInt("spark.dynamicAllocation.minExecutors", 0), Math.max(
          conf.getInt("spark.dynamicAllocation.initialExecutors", 0),
          conf.getInt("spark.executor.instances", 0)));
    }
    return Math.max(1, ExecutorWait.expected(conf).orElse(1));
  }

  /**
   * The executors registered now, by the {@code host:port} of their block managers (the one
   * identity both the status tracker and a task know); the driver's JVM when it is the only
   * one (a local master). One still starting has no block manager port yet and is left for
   * the next look.
   */
  private static Set<String> executors(JavaSparkContext sc, String driver) {
    Set<String> out = new TreeSet<>();
    for (SparkExecutorInfo e : sc.statusTracker().getExecutorInfos()) {
      String id = e.host() + ":" + e.port();
      if (e.port() > 0 && !id.equals(driver)) {
        out.add(id);
      }
    }
    return out.isEmpty() && sc.master().startsWith("local") && !sc.master()
        .startsWith("local-cluster") ? Set.of(driver) : out;
  }

  /** One job of {@code tasks} tasks; false when the deadline came first (it is cancelled). */
  private static boolean runRound(JavaSparkContext sc,
      CollectionAccumulator<JvmReport> answers, int tasks, long deadline) {
    sc.setJobDescription("ngrpo doctor: one task per executor (" + tasks + " tasks)");
    JavaFutureAction<Void> job = sc.parallelize(IntStream.range(0, tasks).boxed().toList(),
        tasks).foreachPartitionAsync(new Answer(answers));
    try {
      job.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      job.cancel(true);
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the doctor's job failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.cancel(true);
      throw new IllegalStateException("interrupted while the executors answered", e);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /** What each task runs: its JVM's report, added to the accumulator. */
  private static final class Answer implements VoidFunction<Iterator<Integer>> {
    private static final long serialVersionUID = 1L;
    private final CollectionAccumulator<JvmReport> answers;

    Answer(CollectionAccumulator<JvmReport> answers) {
      this.answers = answers;
    }

    @Override
    public void call(Iterator<Integer> partition) {
      answers.add(JvmReport.here());
    }
  }
}

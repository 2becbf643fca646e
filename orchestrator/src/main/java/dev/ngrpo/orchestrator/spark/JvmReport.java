package dev.ngrpo.orchestrator.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;

/**
 * What one JVM will run policies with: its host, the DJL engine and the libtorch it loaded,
 * the GPUs the engine sees and those Spark gave the task, DJL's cache and offline mode, Java
 * and cores. {@link #here()} is the one piece of code that describes both the JVM {@code ngrpo
 * doctor} runs in and, inside a Spark task, each executor ({@link ExecutorSurvey}), so the two
 * read alike. A libtorch that fails to load is reported ({@link #problem}), not thrown: that
 * failure is what a doctor is run to find.
 *
 * <p>It is {@link Serializable} because it travels back from the executors as an accumulator
 * update, which Spark writes with Java serialization inside the task result; the Kryo
 * serializer of {@code spark.serializer} (with {@code registrationRequired}) carries only the
 * task's value, here none, so this record needs no Kryo registration.
 *
 * @param executorId Spark's executor id ({@code driver} for tasks in the driver's JVM under a
 *     local master), {@code ""} outside Spark
 * @param blockManager the executor's block manager {@code host:port}, as Spark's status
 *     tracker lists executors, {@code ""} outside Spark
 * @param host the host name
 * @param engine the engine and the version of the library it loaded ({@code PyTorch 2.7.1}),
 *     {@code ""} when it did not load
 * @param flavor the libtorch flavour ({@code cpu}, {@code cu128}, ...): from the name of the
 *     folder DJL loaded it from, else {@code PYTORCH_FLAVOR}, else {@code unknown}
 * @param libtorch the folder libtorch was loaded from, {@code ""} when it did not load
 * @param gpus GPUs the engine sees, -1 when it did not load
 * @param sparkGpus the {@code gpu} resource addresses Spark assigned to the running task
 * @param djlCache DJL's engine cache folder
 * @param djlOffline the system property {@code ai.djl.offline}, {@code ""} when unset
 * @param java the JVM's name and version
 * @param cores the processors the JVM sees
 * @param problem why the engine did not load, {@code ""} when it did
 */
public record JvmReport(String executorId, String blockManager, String host, String engine,
    String flavor, String libtorch, int gpus, List<String> sparkGpus, String djlCache,
    String djlOffline, String java, int cores, String problem) implements Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * DJL names libtorch's folder {@code VERSION-FLAVOR-OS-ARCH}, the version possibly with a
   * build date ({@code 2.7.1-20250812-cpu-linux-x86_64}, {@code 2.7.1-cu128-linux-x86_64}).
   */
  private static final Pattern FLAVOR =
      Pattern.compile("(?:^|-)(cpu|cu[0-9]+|rocm[0-9.]*)(-precxx11)?(?=-|$)");

  public JvmReport {
    sparkGpus = List.copyOf(sparkGpus);
  }

  /** This JVM, and the task it runs when called inside one. Loads the engine. */
  public static JvmReport here() {
    SparkEnv env = SparkEnv.get();
    String engine = "";
    String libtorch = "";
    int gpus = -1;
    String problem = "";
    try {
      Engine e = Engine.getInstance();
      gpus = e.getGpuCount();
      engine = e.getEngineName() + " " + e.getVersion();
      libtorch = LibUtils.getLibtorchPath();
    } catch (RuntimeException | LinkageError e) {
      problem = e.toString();
    }
    return new JvmReport(env == null ? "" : env.executorId(),
        SparkInternals.blockManagerHostPort(), hostName(), engine,
        flavor(libtorch, System.getenv("PYTORCH_FLAVOR")), libtorch, gpus,
        List.of(RolloutFunction.gpuAddresses()),
        String.valueOf(Utils.getEngineCacheDir()), System.getProperty("ai.djl.offline", ""),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), problem);
  }

  /**
   * The flavour in the name of the libtorch folder, else {@code env} (PYTORCH_FLAVOR), else
   * {@code unknown}: a folder of one's own (PYTORCH_LIBRARY_PATH) need not name it.
   */
  static String flavor(String libtorch, String env) {
    Path name = libtorch.isEmpty() ? null : Path.of(libtorch).getFileName();
    Matcher m = FLAVOR.matcher(name == null ? "" : name.toString());
    if (m.find()) {
      return m.group(1) + (m.group(2) == null ? "" : m.group(2));
    }
    return env == null || env.isBlank() ? "unknown" : env;
  }

  /** The report as {@code doctor} prints it: one {@code key value} line per field. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    line(out, "host", host);
    if (problem.isEmpty()) {
      line(out, "engine", engine);
      line(out, "flavor", flavor);
      line(out, "libtorch", libtorch);
      line(out, "gpus", Integer.toString(gpus));
    } else {
      line(out, "engine", "failed to load: " + problem);
    }
    if (!executorId.isEmpty()) {
      line(out, "spark gpus", sparkGpus.isEmpty() ? "(none assigned to the task)"
          : String.join(",", sparkGpus));
    }
    line(out, "djl cache", djlCache);
    line(out, "ai.djl.offline", djlOffline.isEmpty()
        ? "(unset: DJL may try to download; bin/ngrpo and deploy/submit.sh set it)" : djlOffline);
    line(out, "java", java);
    line(out, "cores", Integer.toString(cores));
    return out;
  }

  private static void line(List<String> out, String key, String value) {
    out.add(String.format("%-22s %s", key, value));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

package dev.ngrpo.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real Spark standalone cluster on 127.0.0.1: a Master and two
 * Workers started from a Spark distribution folder (Spark's jars only), the job submitted
 * through {@code deploy/submit.sh} with {@code org.apache.spark.deploy.SparkSubmit} in client
 * mode, with authentication, RPC encryption and I/O encryption on; two training steps with
 * executors in separate JVMs; then the checkpoint and metrics are checked. Everything started
 * is stopped by pid (with its child processes), also when a step fails.
 */
class StandaloneClusterIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration RUN = Duration.ofMinutes(5);

  @TempDir
  Path dir;

  private final List<Process> started = new ArrayList<>();
  private final String secret = UUID.randomUUID().toString();

  @AfterEach
  void stopEverythingByPid() {
    for (Process p : started) {
      List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
      family.add(p.toHandle());
      for (ProcessHandle h : family) {
        h.destroy();
      }
      for (ProcessHandle h : family) {
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          h.destroyForcibly();
        }
      }
    }
  }

  @Test
  void trainsTwoStepsOnAStandaloneClusterWithAuthentication() throws Exception {
    Path sparkHome = Path.of(System.getProperty("spark.home"));
    assertThat(sparkHome.resolve("jars")).isDirectoryContaining("glob:**spark-core_2.13-*.jar");
    int masterPort = freePort();
    String master = "spark://127.0.0.1:" + masterPort;
    Path masterLog = dir.resolve("master.log");
    start(masterLog, daemon("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())));
    awaitLine(masterLog, "I have been elected leader");
    for (int w = 0; w < 2; w++) {
      start(dir.resolve("worker" + w + ".log"), daemon("org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", "1", "--memory", "1500m", "--webui-port", "0",
          "--work-dir", dir.resolve("work" + w).toString(), master));
    }
    awaitLines(masterLog, "Registering worker", 2);

    Path output = dir.resolve("run");
    Path runFile = Files.writeString(dir.resolve("run.conf"), """
        ngrpo {
          run { name = cluster-test, output = "%s", steps = 2, batch-size = 4 }
          spark { master = "", partitions = 2 }
          model {
            tokenizer = char-arithmetic
            init { hidden-size = 32, intermediate-size = 64, layers = 2, heads = 4,
                   kv-heads = 2, max-positions = 32 }
          }
          rollout { group-size = 4, max-new-tokens = 4 }
          task { train-size = 60, test-size = 8, arithmetic.level = easy }
          sft { steps = 3, batch-size = 8 }
          eval.size = 8
          checkpoint.every = 1
        }
        """.formatted(output.toUri()));
    List<String> submit = new ArrayList<>(List.of("bash",
        Path.of(System.getProperty("repo.root"), "deploy", "submit.sh").toString(),
        "--master", master, "--deploy-mode", "client",
        "--conf", "spark.cores.max=2", "--conf", "spark.executor.cores=1",
        "--conf", "spark.executor.memory=1g"));
    submit.addAll(security());
    submit.addAll(List.of("--", runFile.toString()));
    ProcessBuilder job = new ProcessBuilder(submit).redirectErrorStream(true)
        .redirectOutput(dir.resolve("submit.log").toFile());
    job.environment().putAll(Map.of(
        "SPARK_SUBMIT", String.join(" ", java("-Xmx1g", "-Dai.djl.offline=true",
            "org.apache.spark.deploy.SparkSubmit")),
        "NGRPO_APP_JAR", System.getProperty("ngrpo.app.jar"),
        "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_HOME", sparkHome.toString()));
    Process p = job.start();
    started.add(p);
    boolean finished = p.waitFor(RUN.toSeconds(), TimeUnit.SECONDS);
    String log = Files.readString(dir.resolve("submit.log"));
    assertThat(finished).as("job finished within %s; log:%n%s", RUN, log).isTrue();
    assertThat(p.exitValue()).as("exit code; log:%n%s", log).isZero();
    assertThat(log).contains("step 2/2").contains("done: 2 steps");

    assertThat(Files.readAllLines(output.resolve("metrics.jsonl"))).hasSize(2);
    Path checkpoint = output.resolve("checkpoints/step-00000001");
    for (String file : List.of("_COMPLETE", "model/config.json", "model/model.safetensors",
        "model/tokenizer.json", "optimizer.safetensors", "state.json", "provenance.json")) {
      assertThat(checkpoint.resolve(file)).as(file).exists();
    }
    // executors ran in the workers' JVMs: each worker launched an executor for the app
    for (int w = 0; w < 2; w++) {
      assertThat(Files.readString(dir.resolve("worker" + w + ".log")))
          .contains("Asked to launch executor");
    }
    assertThat(Files.readString(masterLog)).doesNotContain("Authentication failed");
  }

  /** Authentication with a shared secret, encrypted RPC and encrypted local I/O. */
  private List<String> security() {
    List<String> conf = new ArrayList<>();
    for (String kv : securityProperties()) {
      conf.add("--conf");
      conf.add(kv);
    }
    return conf;
  }

  private List<String> securityProperties() {
    return List.of("spark.authenticate=true", "spark.authenticate.secret=" + secret,
        "spark.network.crypto.enabled=true", "spark.io.encryption.enabled=true");
  }

  /** A Spark daemon's command: Spark's jars only, the JVM flags, and the security settings. */
  private List<String> daemon(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    for (String kv : securityProperties()) {
      cmd.add("-D" + kv);
    }
    cmd.add("-Xmx512m");
    cmd.add(mainClass);
    List<String> full = java(cmd.toArray(new String[0]));
    full.addAll(Arrays.asList(args));
    return full;
  }

  private static List<String> java(String... tail) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(System.getProperty("jvm.flags").trim().split("\\s+")));
    cmd.add("-cp");
    cmd.add(Path.of(System.getProperty("spark.home"), "jars").toAbsolutePath() + "/*");
    cmd.addAll(Arrays.asList(tail));
    return cmd;
  }

  private void start(Path log, List<String> command) throws IOException {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().put("SPARK_HOME", System.getProperty("spark.home"));
    b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    b.environment().put("SPARK_SCALA_VERSION", "2.13");
    started.add(b.start());
  }

  private static void awaitLine(Path log, String text) throws Exception {
    awaitLines(log, text, 1);
  }

  private static void awaitLines(Path log, String text, int count) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        String content = Files.readString(log, StandardCharsets.UTF_8);
        if (content.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= count) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("'" + text + "' x" + count + " not seen in " + log + " within "
        + START + ":\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

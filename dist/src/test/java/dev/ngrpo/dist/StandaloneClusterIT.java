package dev.ngrpo.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real Spark standalone cluster on 127.0.0.1: a Master and two
 * Workers started from a Spark distribution folder (Spark's jars only), with authentication,
 * RPC encryption and I/O encryption on and the REST submission server off; the shared secret
 * is in a mode-0600 properties file, on no command line. Jobs go through {@code
 * deploy/submit.sh} with {@code org.apache.spark.deploy.SparkSubmit}: a client-mode run of two
 * training steps with executors in separate JVMs, and two cluster-mode runs whose driver a
 * Worker starts: one that succeeds (driver state FINISHED, checkpoints written: main returned
 * instead of calling System.exit, and the run file reached the driver) and one with a
 * misspelled key (driver state FAILED, the key in the driver's stderr). Everything started is
 * stopped by pid (with its child processes), also when a step fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration RUN = Duration.ofMinutes(5);

  @TempDir
  static Path dir;

  private final List<Process> started = new ArrayList<>();
  private final String secret = UUID.randomUUID().toString();
  private String master;
  private int masterUiPort;
  private Path secretFile;

  @BeforeAll
  void startMasterAndTwoWorkers() throws Exception {
    Path sparkHome = Path.of(System.getProperty("spark.home"));
    assertThat(sparkHome.resolve("jars")).isDirectoryContaining("glob:**spark-core_2.13-*.jar");
    secretFile = dir.resolve("secret.properties");
    Files.createFile(secretFile, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secretFile, "spark.authenticate.secret " + secret + "\n");
    Path daemonProperties = Files.createFile(dir.resolve("daemon.properties"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(daemonProperties, String.join("\n", List.of(
        "spark.authenticate true", "spark.authenticate.secret " + secret,
        "spark.network.crypto.enabled true", "spark.io.encryption.enabled true",
        "spark.master.rest.enabled false")) + "\n");
    int masterPort = freePort();
    masterUiPort = freePort();
    master = "spark://127.0.0.1:" + masterPort;
    Path masterLog = dir.resolve("master.log");
    start(masterLog, daemon("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort),
        "--properties-file", daemonProperties.toString()));
    awaitLine(masterLog, "I have been elected leader");
    for (int w = 0; w < 2; w++) {
      // 2 cores and 2.5 GB each: a cluster-mode driver (1 core, 1 GB) and an executor fit one
      start(dir.resolve("worker" + w + ".log"), daemon("org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", "2", "--memory", "2500m", "--webui-port", "0",
          "--work-dir", dir.resolve("work" + w).toString(),
          "--properties-file", daemonProperties.toString(), master));
    }
    awaitLines(masterLog, "Registering worker", 2);
  }

  @AfterAll
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
  void trainsTwoStepsInClientModeWithAuthentication() throws Exception {
    Path output = dir.resolve("client-run");
    Path log = submit("client", runFile("client", output, "run.steps"));
    String text = Files.readString(log);
    assertThat(text).contains("step 2/2").contains("done: 2 steps");
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
    assertThat(Files.readString(dir.resolve("master.log")))
        .doesNotContain("Authentication failed");
    // the secret travelled in files only
    assertThat(Files.readString(log)).doesNotContain(secret);
  }

  @Test
  void aClusterModeDriverEndsFinishedOnSuccessAndFailedNamingABadKey() throws Exception {
    Path output = dir.resolve("cluster-run");
    submit("cluster", runFile("cluster", output, "run.steps"));
    Map<String, String> good = awaitDriverStates(1);
    assertThat(good.values()).as("driver states %s; driver stderr:%n%s", good, driverLogs())
        .containsExactly("FINISHED");
    // checkpoints are named by 0-based step index: step-00000001 is the last of two
    assertThat(output.resolve("checkpoints/step-00000001/_COMPLETE")).exists();
    assertThat(Files.readAllLines(output.resolve("metrics.jsonl"))).hasSize(2);

    submit("cluster", runFile("bad-key", dir.resolve("bad-run"), "run.stepz"));
    Map<String, String> both = awaitDriverStates(2);
    both.keySet().removeAll(good.keySet());
    assertThat(both.values()).as("second driver; stderr:%n%s", driverLogs())
        .containsExactly("FAILED");
    String stderr = driverLog(both.keySet().iterator().next());
    assertThat(stderr).contains("CommandFailure: configuration error")
        .contains("ngrpo.run.stepz");
  }

  /** A run file for a two-step run into {@code output}; {@code stepsKey} may be misspelled. */
  private Path runFile(String name, Path output, String stepsKey) throws IOException {
    return Files.writeString(dir.resolve(name + ".conf"), """
        ngrpo {
          run { name = %s, output = "%s", batch-size = 4 }
          %s = 2
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
        """.formatted(name, output.toUri(), stepsKey));
  }

  /**
   * Submits {@code runFile} through deploy/submit.sh in {@code mode} and waits for spark-submit
   * to end (in cluster mode that is once the Master accepted the driver); returns its log.
   */
  private Path submit(String mode, Path runFile) throws Exception {
    List<String> submit = new ArrayList<>(List.of("bash",
        Path.of(System.getProperty("repo.root"), "deploy", "submit.sh").toString(),
        "--master", master, "--deploy-mode", mode,
        "--conf", "spark.cores.max=2", "--conf", "spark.executor.cores=1",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.memory=1g",
        "--", "train", runFile.toString()));
    Path log = dir.resolve(mode + "-" + runFile.getFileName() + ".log");
    ProcessBuilder job = new ProcessBuilder(submit).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    job.environment().putAll(Map.of(
        "SPARK_SUBMIT", String.join(" ", java("-Xmx1g", "-Dai.djl.offline=true",
            "org.apache.spark.deploy.SparkSubmit")),
        "NGRPO_APP_JAR", System.getProperty("ngrpo.app.jar"),
        "NGRPO_PROPERTIES", secretFile.toString(),
        "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_HOME", System.getProperty("spark.home"),
        "SPARK_CONF_DIR", dir.resolve("no-conf").toString()));
    Process p = job.start();
    started.add(p);
    boolean finished = p.waitFor(RUN.toSeconds(), TimeUnit.SECONDS);
    String text = Files.readString(log);
    assertThat(finished).as("spark-submit finished within %s; log:%n%s", RUN, text).isTrue();
    assertThat(p.exitValue()).as("spark-submit exit code; log:%n%s", text).isZero();
    return log;
  }

  /** Waits until {@code count} drivers have completed; their ids and final states. */
  private Map<String, String> awaitDriverStates(int count) throws Exception {
    long deadline = System.nanoTime() + RUN.toNanos();
    HttpClient http = HttpClient.newHttpClient();
    URI json = URI.create("http://127.0.0.1:" + masterUiPort + "/json/");
    Map<String, String> states = new java.util.TreeMap<>();
    while (System.nanoTime() < deadline) {
      String body = http.send(HttpRequest.newBuilder(json).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      states.clear();
      for (JsonNode driver : new ObjectMapper().readTree(body).path("completeddrivers")) {
        states.put(driver.path("id").asText(), driver.path("state").asText());
      }
      if (states.size() >= count) {
        return states;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(count + " completed drivers not seen within " + RUN + ": "
        + states + "; driver stderr:\n" + driverLogs());
  }

  /** The stderr of driver {@code id}, on whichever worker ran it. */
  private String driverLog(String id) throws IOException {
    for (int w = 0; w < 2; w++) {
      Path stderr = dir.resolve("work" + w).resolve(id).resolve("stderr");
      if (Files.exists(stderr)) {
        return Files.readString(stderr);
      }
    }
    return "(no stderr for " + id + ")";
  }

  private String driverLogs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int w = 0; w < 2; w++) {
      Path work = dir.resolve("work" + w);
      if (!Files.isDirectory(work)) {
        continue;
      }
      try (var drivers = Files.list(work)) {
        for (Path d : drivers.filter(x -> x.getFileName().toString().startsWith("driver-"))
            .toList()) {
          all.append("== ").append(d).append('\n').append(driverLog(d.getFileName().toString()));
          Path stdout = d.resolve("stdout");
          if (Files.exists(stdout)) {
            all.append("-- stdout\n").append(Files.readString(stdout));
          }
        }
      }
    }
    return all.toString();
  }

  /** A Spark daemon's command: Spark's jars only and the JVM flags. */
  private List<String> daemon(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
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

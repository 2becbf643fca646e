package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.train.RunSummary;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import dev.ngrpo.orchestrator.train.TrainingRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with executors in separate JVMs ({@code local-cluster[2,1,1024]}): every record
 * crosses the wire through Kryo with registration required, weights arrive by broadcast, and
 * each executor builds its own policy. Catches serialization and static-state bugs that
 * {@code local[N]} hides.
 */
class LocalClusterTest {
  @TempDir
  Path dir;

  @Test
  void trainsAndResumesWithExecutorsInSeparateJvms() throws Exception {
    // local-cluster starts executors from SPARK_HOME/jars plus spark.executor.extraClassPath;
    // surefire points SPARK_HOME at target/spark-home (an empty jars/ folder suffices).
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> new File(p).getAbsolutePath()).collect(Collectors.joining(File.pathSeparator));
    String spark = """
        ngrpo.spark {
          master = "local-cluster[2,1,1024]"
          partitions = 2
          conf {
            "spark.executor.extraClassPath" = "%s"
            "spark.executorEnv.SPARK_SCALA_VERSION" = "2.13"
            "spark.task.maxFailures" = 1
          }
        }
        """.formatted(classpath.replace("\\", "\\\\"));
    Path out = dir.resolve("run");
    List<String> console = new ArrayList<>();
    try (TrainingRun run = TrainingRun.open(TestRuns.config(out, spark
        + "\nngrpo.run.steps = 2"), false)) {
      RunSummary s = new TrainingLoop(run, console::add).run();
      assertThat(s.stepsDone()).isEqualTo(2);
    }
    assertThat(console).anyMatch(l -> l.startsWith("step 2/2"));
    assertThat(out.resolve("checkpoints/step-00000001/_COMPLETE")).exists();
    try (TrainingRun run = TrainingRun.open(TestRuns.config(out, spark
        + "\nngrpo.run.steps = 3\nngrpo.weights.transport = checkpoint"), true)) {
      RunSummary s = new TrainingLoop(run, console::add).run();
      assertThat(s.stepsDone()).isEqualTo(1);
    }
    assertThat(out.resolve("weights/v3/model.safetensors")).exists();
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3);
  }
}

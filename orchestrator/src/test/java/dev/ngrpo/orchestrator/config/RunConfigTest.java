package dev.ngrpo.orchestrator.config;

import static dev.ngrpo.orchestrator.weights.WeightTransport.BROADCAST;
import static dev.ngrpo.orchestrator.weights.WeightTransport.IN_PROCESS;
import static dev.ngrpo.orchestrator.weights.WeightTransport.MODEL_FOLDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.weights.WeightsSnapshot;
import dev.ngrpo.orchestrator.weights.WeightTransport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkContext$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
  @TempDir
  Path dir;

  @Test
  void theRunNameFlowsIntoTheDefaultOutputFolder() throws Exception {
    Path file = Files.writeString(dir.resolve("run.conf"), "ngrpo.run.name = exp7");
    assertThat(RunConfig.load(file.toFile(), List.of()).run().output()).isEqualTo("runs/exp7");
    assertThat(RunConfig.load(null, List.of("ngrpo.run.name=other")).run().output())
        .isEqualTo("runs/other");
  }

  @Test
  void overridesWinOverTheFileAndPlainStringsNeedNoQuotes() throws Exception {
    Path file = Files.writeString(dir.resolve("run.conf"),
        "ngrpo.run.steps = 5\nngrpo.spark.master = \"local[1]\"");
    RunConfig c = RunConfig.load(file.toFile(),
        List.of("ngrpo.run.steps=7", "ngrpo.spark.master=local[2,3]", "ngrpo.eval.pass-k=[1]"));
    assertThat(c.run().steps()).isEqualTo(7);
    assertThat(c.spark().master()).isEqualTo("local[2,3]");
  }

  @Test
  void theMemoryCheckIsOnAndAGpuSizeIsReadWithItsUnit() {
    RunConfig c = RunConfig.load(null, List.of());
    assertThat(c.run().memoryCheck()).isTrue();
    assertThat(c.run().gpuMemory()).isZero();
    // HOCON sizes are powers of 2: 80g = 80 x 2^30
    assertThat(RunConfig.load(null, List.of("ngrpo.run.gpu-memory=80g")).run().gpuMemory())
        .isEqualTo(85_899_345_920L);
    assertThat(RunConfig.load(null, List.of("ngrpo.run.gpu-memory=81559MiB")).run()
        .gpuMemory()).isEqualTo(81_559L << 20);
    assertThat(RunConfig.load(null, List.of("ngrpo.run.gpu-memory=1073741824")).run()
        .gpuMemory()).isEqualTo(1L << 30);
    for (String bad : List.of("lots", "NaN", "Infinity", "0.5", "-1", "-2g")) {
      assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.run.gpu-memory=" + bad)))
          .as(bad).hasMessageContaining("ngrpo.run.gpu-memory").hasMessageContaining(bad);
    }
  }

  @Test
  void sampleGenerationsAreLoggedFromStepZeroEveryTenStepsByDefault() {
    LogSettings log = RunConfig.load(null, List.of()).log();
    assertThat(log).isEqualTo(new LogSettings(10, 2));
    // steps 0, 10, 20: the first step always, so a 3-step run still has samples
    assertThat(List.of(0L, 1L, 9L, 10L, 11L, 20L)).filteredOn(log::samplesDue)
        .containsExactly(0L, 10L, 20L);
    assertThat(new LogSettings(3, 1).samplesDue(6)).isTrue();
    assertThat(new LogSettings(0, 2).samplesDue(0)).as("0 = none").isFalse();
    for (String bad : List.of("samples-every=-1", "samples-every=0.5", "samples-groups=0",
        "samples-groups=1025")) {
      assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.log." + bad)))
          .as(bad).isInstanceOf(ConfigException.BadValue.class)
          .hasMessageContaining("ngrpo.log." + bad.substring(0, bad.indexOf('=')))
          .hasMessageContaining(bad.substring(bad.indexOf('=') + 1));
    }
  }

  @Test
  void everyBadInputNamesItsKey() {
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.run.batch-size=0")))
        .hasMessageContaining("ngrpo.run.batch-size");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.rollout.top-k=-1")))
        .hasMessageContaining("ngrpo.rollout.top-k");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.eval.pass-k=[1,4]")))
        .hasMessageContaining("ngrpo.eval.pass-k").hasMessageContaining("samples = 1");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.weights.transport=ftp")))
        .hasMessageContaining("ngrpo.weights.transport").hasMessageContaining("ftp");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.spark.conf.foo=1")))
        .hasMessageContaining("spark.");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.checkpoint.every-minutes=-1")))
        .hasMessageContaining("ngrpo.checkpoint.every-minutes").hasMessageContaining("-1");
    assertThatThrownBy(() -> RunConfig.load(null,
        List.of("ngrpo.checkpoint.terminate-wait-seconds=0")))
        .hasMessageContaining("ngrpo.checkpoint.terminate-wait-seconds");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.checkpoint.on-terminate=maybe")))
        .hasMessageContaining("ngrpo.checkpoint.on-terminate");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("no-equals-sign")))
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> RunConfig.load(new File("/no/such.conf"), List.of()))
        .hasMessageContaining("/no/such.conf");
  }

  @Test
  void autoTransportIsInProcessOnLocalMastersFoldersOnALocalClusterAndBroadcastElsewhere() {
    long small = 800_000;
    WeightsSettings auto = RunConfig.load(null, List.of()).weights();
    assertThat(auto.transport()).isEmpty();
    assertThat(auto.transportUnder("local[2]", true, small)).isEqualTo(IN_PROCESS);
    assertThat(auto.transportUnder("local-cluster[2,1,1024]", false, small))
        .isEqualTo(MODEL_FOLDERS);
    assertThat(auto.transportUnder("yarn", false, small)).isEqualTo(BROADCAST);
    assertThat(auto.transportUnder("spark://127.0.0.1:7077", false, small))
        .isEqualTo(BROADCAST);
    for (WeightTransport t : List.of(BROADCAST, MODEL_FOLDERS)) {
      WeightsSettings w = RunConfig.load(null,
          List.of("ngrpo.weights.transport=" + t.configName())).weights();
      assertThat(w.transportUnder("local[2]", true, small)).isEqualTo(t);
      assertThat(w.transportUnder("yarn", false, small)).isEqualTo(t);
    }
    WeightsSettings inProcess = RunConfig.load(null,
        List.of("ngrpo.weights.transport=in-process")).weights();
    assertThat(inProcess.transportUnder("local[*]", true, small)).isEqualTo(IN_PROCESS);
    assertThatThrownBy(() -> inProcess.transportUnder("local-cluster[2,1,1024]", false, small))
        .hasMessageContaining("ngrpo.weights.transport = in-process")
        .hasMessageContaining("local-cluster[2,1,1024]");
  }

  @Test
  void theOldNameOfModelFoldersStillWorks() {
    assertThat(RunConfig.load(null, List.of("ngrpo.weights.transport=checkpoint")).weights()
        .transport()).contains(MODEL_FOLDERS);
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.weights.transport=ftp")))
        .hasMessageContaining("ngrpo.weights.transport")
        .hasMessageContaining("[auto, in-process, broadcast, model-folders], got 'ftp'");
  }

  @Test
  void aPolicyTooLargeForOneBroadcastTravelsAsFoldersOrFailsAtStartUp() {
    // (2^31 - 1 - 8 - 2^20) / 4: a byte array less a MiB for the header, in float32s
    assertThat(WeightsSnapshot.MAX_PARAMETERS).isEqualTo(536_608_765L);
    // Qwen2.5-0.5B's and Qwen2.5-1.5B's parameter counts (ModelConfig.parameterCount)
    long qwen05b = 494_032_768L;
    long qwen15b = 1_543_714_304L;
    WeightsSettings auto = RunConfig.load(null, List.of()).weights();
    assertThat(auto.transportUnder("yarn", false, qwen05b)).isEqualTo(BROADCAST);
    assertThat(auto.transportUnder("yarn", false, WeightsSnapshot.MAX_PARAMETERS))
        .isEqualTo(BROADCAST);
    assertThat(auto.transportUnder("yarn", false, WeightsSnapshot.MAX_PARAMETERS + 1))
        .isEqualTo(MODEL_FOLDERS);
    assertThat(auto.transportUnder("k8s://https://k:6443", false, qwen15b))
        .isEqualTo(MODEL_FOLDERS);
    // in-process copies on the device: no payload, no limit
    assertThat(auto.transportUnder("local[2]", true, qwen15b)).isEqualTo(IN_PROCESS);
    WeightsSettings broadcast = RunConfig.load(null,
        List.of("ngrpo.weights.transport=broadcast")).weights();
    assertThatThrownBy(() -> broadcast.transportUnder("yarn", false, qwen15b))
        .hasMessageContaining("ngrpo.weights.transport = broadcast")
        .hasMessageContaining("1,543,714,304 parameters")
        .hasMessageContaining("(6.2 GB)")
        .hasMessageContaining("at most 536,608,765 parameters")
        .hasMessageContaining("use model-folders, or auto");
  }

  @Test
  void mesosMastersAreRefusedBecauseSpark4RemovedMesos() {
    assertThatThrownBy(() -> RunConfig.load(null,
        List.of("ngrpo.spark.master=\"mesos://zk://z:2181/mesos\"")))
        .hasMessageContaining("ngrpo.spark.master")
        .hasMessageContaining("'mesos://zk://z:2181/mesos': Spark 4 removed Mesos support");
  }

  @Test
  void sparkMastersAreCheckedBeforeSparkStarts() {
    for (String master : List.of("local", "local[1]", "local[*]", "local[2,3]", "local[*, 4]",
        "local-cluster[2,1,1024]", "spark://h1:7077,h2:7077", "yarn", "k8s://https://k:6443",
        "")) {
      assertThat(RunConfig.load(null, List.of("ngrpo.spark.master=\"" + master + "\""))
          .spark().master()).isEqualTo(master);
    }
    for (String master : List.of("locl[2]", "local[two]", "local[0]", "local[2,0]",
        "local-cluster[0,1,1024]", "local-cluster[2,1]", "spark://", "yarn-client")) {
      assertThatThrownBy(() -> RunConfig.load(null,
          List.of("ngrpo.spark.master=\"" + master + "\""))).as(master)
          .hasMessageContaining("ngrpo.spark.master").hasMessageContaining(master);
    }
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
  }

  @Test
  void setKeysOutsideNgrpoAreRefusedNamingThemAndTheSpellingThatWorks() {
    // run.steps=5 used to be read into a tree nothing looks at: the run went its 20 steps
    assertThatThrownBy(() -> RunConfig.load(null, List.of("run.steps=5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'run.steps'")
        .hasMessageContaining("--set takes only keys under ngrpo; did you mean ngrpo.run.steps?");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("spark.executor.memory=4g")))
        .hasMessageContaining("'spark.executor.memory'")
        .hasMessageContaining("Spark properties go under ngrpo.spark.conf, e.g."
            + " --set ngrpo.spark.conf.\"spark.executor.memory\"=...");
    assertThat(RunConfig.load(null, List.of("ngrpo.spark.conf.\"spark.executor.memory\"=4g"))
        .spark().conf()).containsEntry("spark.executor.memory", "4g");
  }

  @Test
  void aRunFilesTopLevelKeysOutsideNgrpoAreWarnedAboutByName() throws Exception {
    Path file = Files.writeString(dir.resolve("run.conf"), """
        spark { executor.memory = 4g }
        ngrpo.run.steps = 3
        run { steps = 5 }
        """);
    List<String> logged = new CopyOnWriteArrayList<>();
    AbstractAppender appender = new AbstractAppender("run-config-test", null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        logged.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    LoggerContext logs = (LoggerContext) LogManager.getContext(false);
    String name = RunConfig.class.getName();
    LoggerConfig own = new LoggerConfig(name, Level.WARN, false);
    own.addAppender(appender, Level.WARN, null);
    logs.getConfiguration().addLogger(name, own);
    logs.updateLoggers();
    try {
      assertThat(RunConfig.load(file.toFile(), List.of()).run().steps()).isEqualTo(3);
    } finally {
      logs.getConfiguration().removeLogger(name);
      logs.updateLoggers();
      appender.stop();
    }
    String only = " is not read (only the ngrpo tree configures a run; Spark properties go"
        + " under ngrpo.spark.conf)";
    assertThat(logged).containsExactly(
        "WARN " + file + ": top-level key 'run'" + only,
        "WARN " + file + ": top-level key 'spark'" + only);
  }

  @Test
  void aGroupOfOneIsRefusedForEveryEstimatorBuiltOnGroupStatistics() {
    for (String estimator : List.of("ngrpo", "grpo", "rloo")) {
      assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.rollout.group-size=1",
          "ngrpo.learner.algorithm.advantage-estimator=" + estimator))).as(estimator)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("ngrpo.rollout.group-size")
          .hasMessageContaining("must be at least 2 for the advantage estimator '" + estimator
              + "' (ngrpo.learner.preset = ngrpo), which compares the responses of a group;"
              + " got 1");
    }
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.rollout.group-size=1",
        "ngrpo.learner.preset=grpo"))).hasMessageContaining("(ngrpo.learner.preset = grpo)");
    assertThat(RunConfig.load(null, List.of("ngrpo.rollout.group-size=2")).rollout()
        .groupSize()).isEqualTo(2);
    // W-REINFORCE's advantage depends on each reward alone: G = 1 is a valid run
    assertThat(RunConfig.load(null, List.of("ngrpo.rollout.group-size=1",
        "ngrpo.learner.preset=w_reinforce")).rollout().groupSize()).isEqualTo(1);
  }

  @Test
  void greedyTrainingRolloutsAreRefusedAndGreedyEvaluationIsNot() {
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.rollout.temperature=0")))
        .hasMessageContaining("ngrpo.rollout.temperature")
        .hasMessageContaining("ngrpo.eval.temperature = 0");
    assertThat(RunConfig.load(null, List.of("ngrpo.eval.temperature=0")).eval().temperature())
        .isZero();
  }

  @Test
  void aRunNameOrOutputThatIsNotAStringIsNamed() {
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.run.name=[a]")))
        .hasMessageContaining("ngrpo.run.name").hasMessageContaining("must be a string");
    assertThatThrownBy(() -> RunConfig.load(null, List.of("ngrpo.run.output={x=1}")))
        .hasMessageContaining("ngrpo.run.output").hasMessageContaining("must be a string");
  }

  @Test
  void theDeploymentRunFilesAreValid() throws Exception {
    RunConfig yarn = RunConfig.load(new File("../deploy/yarn/run.conf"), List.of());
    assertThat(yarn.verifier().name()).isEqualTo("math");
    // one rollout task per task slot, whatever the number of executors
    assertThat(yarn.spark().partitions()).isZero();
    // the run file inside the Kubernetes ConfigMap: the block under "run.conf: |"
    List<String> lines = Files.readAllLines(Path.of("../deploy/kubernetes/configmap.yaml"));
    int start = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("run.conf: |"))
        .findFirst().orElseThrow()) + 1;
    StringBuilder conf = new StringBuilder();
    for (String line : lines.subList(start, lines.size())) {
      if (!line.isBlank() && !line.startsWith("    ")) {
        break;
      }
      conf.append(line).append('\n');
    }
    Path file = Files.writeString(dir.resolve("configmap-run.conf"), conf.toString());
    RunConfig kubernetes = RunConfig.load(file.toFile(), List.of());
    assertThat(kubernetes.model().chatTemplate()).isEqualTo("chatml");
    assertThat(kubernetes.spark().partitions()).isZero();
  }

  @Test
  void everyReferenceKeyOfThisModuleHasAComment() {
    var own = ConfigFactory.parseFile(new File("src/main/resources/reference.conf"));
    assertThat(own.entrySet().stream()
        .filter(e -> e.getValue().origin().comments().isEmpty()).map(Map.Entry::getKey))
        .as("keys without a comment").isEmpty();
  }
}

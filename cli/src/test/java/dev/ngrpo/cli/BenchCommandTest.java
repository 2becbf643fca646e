package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ngrpo bench --quick} end to end, in a JVM of its own. */
class BenchCommandTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void sparkHome() throws Exception {
    // the scaling and publishing sections start local-cluster executors from $SPARK_HOME/jars
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
  }

  @Test
  void quickBenchRunsEverySectionAndWritesJsonAndMarkdown() throws Exception {
    // its own JVM: the scaling section sets PyTorch's threads for the whole process
    Path out = dir.resolve("bench");
    ChildJvm r = ChildJvm.run(dir.resolve("bench.log"), "bench", "--quick", "--out",
        out.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    assertThat(json.get("quick").asBoolean()).isTrue();
    assertThat(json.get("peakGflops").asDouble()).isPositive();
    assertThat(json.get("decode")).hasSize(1);
    assertThat(json.get("pipeline")).hasSize(1);
    assertThat(json.get("publish").get(0).get("executors").asInt()).isEqualTo(2);
    assertThat(json.get("publish").get(0).get("executorPeakMib").asLong()).isPositive();
    assertThat(json.get("publish")).hasSize(2);
    assertThat(json.get("publish").get(1).get("transport").asText()).isEqualTo("model-folders");
    assertThat(json.get("publish").get(1).get("loadSeconds").asDouble()).isPositive();
    assertThat(json.get("publish").get(1).get("warmupVersions").asInt()).isEqualTo(1);
    // what a load cost the driver and the executor JVMs in CPU, and the cores it kept busy
    assertThat(json.get("publish").get(0).get("loadCpuSeconds").asDouble()).isPositive();
    assertThat(json.get("publish").get(0).get("loadBusyCores").asDouble()).isPositive();
    assertThat(out.resolve("publish-default")).doesNotExist();
    JsonNode scaling = json.get("scaling");
    assertThat(scaling).hasSize(2);
    assertThat(scaling.get(0).get("master").asText()).isEqualTo("local[2]");
    assertThat(scaling.get(0).get("oneStageByExecutor").get(0).get("id").asText())
        .isEqualTo("driver");
    JsonNode jvms = scaling.get(1);
    assertThat(jvms.get("compared").asText()).isEqualTo("executor JVMs");
    assertThat(jvms.get("executorPeakMib").asLong()).isPositive();
    assertThat(jvms.get("oneTokens").asDouble()).isPositive();
    assertThat(jvms.get("oneTokensPerSecond").asDouble()).isPositive();
    assertThat(jvms.get("twoTokensPerSecond").asDouble()).isPositive();
    assertThat(jvms.get("oneCriticalSeconds").asDouble()).isPositive()
        .isLessThan(jvms.get("oneSeconds").asDouble());
    assertThat(jvms.get("oneStageByExecutor").get(0).get("rounds").asInt()).isEqualTo(1);
    assertThat(json.get("memory").get("driverResidentMib")).hasSize(5);
    // LoRA against full fine-tuning on the default model (--quick): both variants, both rollouts
    assertThat(json.get("loraShape").asText()).isEqualTo("default d128x4");
    assertThat(json.get("lora").get("variants")).hasSize(2);
    assertThat(json.get("lora").get("variants").get(1).get("trainedParameters").asLong())
        .isEqualTo(792_192L);
    assertThat(json.get("lora").get("rollouts")).hasSize(2);
    assertThat(Files.readString(out.resolve("bench.md"))).contains("## Scaling")
        .contains("## LoRA against full fine-tuning (default d128x4)")
        .contains("- 2 executor JVMs over 1 (local-cluster[2,1,1024]): **");
  }
}

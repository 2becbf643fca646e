package dev.ngrpo.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench suite's arithmetic and tables, and {@code ngrpo bench --quick} end to end. */
class BenchSuiteTest {
  @TempDir
  Path dir;

  @Test
  void flopsPerDecodedTokenCountEveryWeightAndTheAttentionOverTheContext() {
    // h 8, q 8 (2 heads x 4), k 4 (1 kv head), m 16, L 2, V 10:
    // per layer 8*8 + 2*8*4 + 8*8 + 3*8*16 = 576; weights 2 * (2*576 + 10*8) = 2464;
    // attention 4 * 2 * 8 * c = 64 c
    ModelConfig c = ModelConfig.llama(10, 8, 16, 2, 2, 1, 32, false);
    assertThat(DecodeBenchmark.flopsPerToken(c, 5)).isEqualTo(2464 + 320);
    assertThat(DecodeBenchmark.flopsPerToken(c.withEosTokenId(3), 0.5)).isEqualTo(2464 + 32);
  }

  @Test
  void theQwenShapeHasTheParameterCountOfQwen25HalfB() {
    // 494,032,768 parameters: the count Hugging Face reports for Qwen2.5-0.5B
    assertThat(DecodeBenchmark.qwen05b().parameterCount()).isEqualTo(494_032_768L);
  }

  @Test
  void tablesGiveScalingRatiosAndThePublishingShareOfAStep() {
    PipelineBenchmark.Figure step = pipeline("default", "local[*]", 2.0, 1000);
    BenchSuite.Report r = new BenchSuite.Report(Map.of("cores", "2"), false, 80.0,
        List.of(new DecodeBenchmark.Figure("m", 1_500_000, 64, 32, 32, 0.5, 2.0, 0.1, 900, 450,
            24.0, 0.3)),
        List.of(step),
        List.of(new PublishBenchmark.Figure("default", "broadcast", 3.2, 2, 1, 3, 0.04, 0.06,
            0.02, 0.15, 1.875, 0.03, 350), new PublishBenchmark.Figure("default", "broadcast",
                3.2, 2, 100, 10, 0.01, 0.02, 0.001, 0.04, 1.25, 0.025, 420)),
        List.of(new ScalingBenchmark.Figure("executor cores", "local[2]", 30, 10, 12000, 12000,
            1.2, 0.6, 1.15, 0.58, 10000, 20000, List.of(new ScalingBenchmark.Executor("driver",
                10, 1.2)), 0),
            new ScalingBenchmark.Figure("executor JVMs", "local-cluster[2,1,1024]", 30, 10, 12000,
                12000, 1.2, 0.7, 1.1, 0.6, 10000, 12000 / 0.7, List.of(
                    new ScalingBenchmark.Executor("0", 4, 1.25),
                    new ScalingBenchmark.Executor("1", 6, 1.15)), 420)),
        pipeline("memory", "local[*]", 1, 1),
        new LoraBenchmark.Result(List.of(new LoraBenchmark.Variant("LoRA r16", 8_798_208, 28.0,
            15.0, 12.0, 0.5, 10L << 30, 35_193_000, 0.09, 1.4, 0.01, 3.0),
            new LoraBenchmark.Variant("full", 494_032_768, 52.0, 10.0, 40.0, 2.0, 12L << 30,
                1_976_200_000L, 2.9, 2.3, 2.3, 0)),
            List.of(new LoraBenchmark.Rollout("merged", 30), new LoraBenchmark.Rollout(
                "unmerged", 24))), "Qwen2.5-0.5B",
        List.of("the 0.5B runs: too small a heap"), 600);
    String md = BenchTables.markdown(r);
    assertThat(md).contains("## LoRA against full fine-tuning (Qwen2.5-0.5B)")
        // shares: (0.09 + 1.4) / (28 + 1.49) and (0.09 + 0.01) / (28 + 0.1)
        .contains("| LoRA r16 | 8,798,208 | 28.00 | 15.00 | 12.00 | 0.50 | 10,240 | 35.2 | 0.090"
            + " | 1.400 | 5.05% | 0.36% | 3.00 |")
        .contains("| full | 494,032,768 | 52.00 | 10.00 | 40.00 | 2.00 | 12,288 | 1976.2 | 2.900"
            + " | 2.300 | 9.09% | 9.09% | 0.00 |")
        .contains("Rollout tokens/s from the trained adapters: merged 30, unmerged 24.");
    assertThat(md).contains("Matmul peak: **80.0 GFLOP/s**")
        .contains("Skipped: the 0.5B runs: too small a heap.")
        .contains("| m | 1.5M | 64 x 32 | 32 | 0.50 | 2.00 | 0.10 | 900 | 450 | 24.0 | 30.0% |")
        .contains("| default | broadcast | 3 | 2 | 1 | 0.040 | 0.060 | 0.020 | 5.0% | 0.150 | 1.88"
            + " | 0.030 | 350 |\n| default | broadcast | 3 | 2 | 100 | 0.010 | 0.020 | 0.001 | 1.5%"
            + " | 0.040 | 1.25 | 0.025 | 420 |\n")
        .contains("| default | local[*] | 3 | 2.00 | 1.00 | 0.80 | 0.90 | 0.050 | 0.300 | 15.0% |"
            + " 1000 | 700 |")
        .contains("## Scaling (rollout tokens/s, 1 torch thread per task)")
        .contains("medians of 10 rounds after 30 warm-up rounds:")
        .contains("| local[2] | 1 | 12000 | 1.200 | 1.150 | 10000 |\n"
            + "| local[2] | 2 | 12000 | 0.600 | 0.580 | 20000 |\n"
            + "| local-cluster[2,1,1024] | 1 | 12000 | 1.200 | 1.100 | 10000 |\n"
            + "| local-cluster[2,1,1024] | 2 | 12000 | 0.700 | 0.600 | 17143 |\n")
        .contains("- 2 executor cores over 1 (local[2]): **2.00x** rollout throughput; 1.98x"
            + " inside the tasks (generation and verification, the slower task of two); the"
            + " stage in one partition by the executor that ran it: driver 1.200 s (10 rounds)\n")
        .contains("- 2 executor JVMs over 1 (local-cluster[2,1,1024]): **1.71x** rollout"
            + " throughput; 1.83x inside the tasks (generation and verification, the slower task"
            + " of two); the stage in one partition by the executor that ran it: 0 1.250 s"
            + " (4 rounds), 1 1.150 s (6 rounds)\n")
        .contains("Peak executor JVM resident memory (local-cluster[2,1,1024]): 420 MiB.")
        .doesNotContain("resident memory (local[2])")
        .contains("after steps 1, 2, 10: 100, 101, 109 MiB; growth over the last 90% of the"
            + " steps: +8 MiB");
  }

  @Test
  void aPublishingWindowMeasuresAtLeastOneVersion() {
    assertThat(new PublishBenchmark.Window(0, 1).versions()).isEqualTo(1);
    assertThatThrownBy(() -> new PublishBenchmark.Window(100, 0))
        .hasMessageContaining("at least one version");
    assertThatThrownBy(() -> new PublishBenchmark.Window(-1, 3))
        .hasMessageContaining("after -1");
  }

  private static PipelineBenchmark.Figure pipeline(String name, String master, double step,
      double tokensPerSecond) {
    List<Long> rss = List.of(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L);
    return new PipelineBenchmark.Figure(name, master, 3, step, 1, 0.8, 0.9, 0.05, 0.3, 0.15,
        tokensPerSecond, 500, 0.1, 0.2, 0.4, 0.2, 700, rss);
  }

}

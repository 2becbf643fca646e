package dev.ngrpo.lab.bench;

import java.util.List;
import java.util.Optional;

/** The markdown tables of a {@link BenchSuite.Report}, with each target and whether it is met. */
public final class BenchTables {
  private BenchTables() {}

  /** The whole report as markdown. */
  public static String markdown(BenchSuite.Report r) {
    StringBuilder md = new StringBuilder();
    md.append("# ngrpo bench").append(r.quick() ? " --quick (a pipeline check: figures mean"
        + " little)" : "").append("\n\n");
    r.machine().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append(String.format("- suite wall time: %.1f min%n%n", r.seconds() / 60));
    for (String s : r.skipped()) {
      md.append("Skipped: ").append(s).append(".\n\n");
    }
    md.append(String.format("Matmul peak: **%.1f GFLOP/s** (best F32 square product).%n%n",
        r.peakGflops()));

    md.append("## Generation (KV cache, random weights, no stop token)\n\n");
    md.append("| model | params | batch x prompt | new tokens | prefill s | decode s | sampling s"
        + " | tokens/s | tokens/s per core | decode GFLOP/s | of peak |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (DecodeBenchmark.Figure f : r.decode()) {
      md.append(String.format("| %s | %.1fM | %d x %d | %d | %.2f | %.2f | %.2f | %.0f | %.0f |"
          + " %.1f | %.1f%% |%n", f.model(), f.parameters() / 1e6, f.batch(), f.promptTokens(),
          f.newTokens(), f.prefillSeconds(), f.decodeSeconds(), f.samplingSeconds(),
          f.tokensPerSecond(), f.tokensPerSecondPerCore(), f.decodeGflops(),
          100 * f.fractionOfPeak()));
    }
    md.append('\n');

    md.append("## Training steps (medians of the steps after the first)\n\n");
    pipelineTable(md, r.pipeline());
    md.append("\n| run | learner tokens/s | recompute s | forward s | backward s | optimizer s"
        + " |\n|---|---|---|---|---|---|\n");
    for (PipelineBenchmark.Figure f : r.pipeline()) {
      md.append(String.format("| %s | %.0f | %.3f | %.3f | %.3f | %.3f |%n", f.name(),
          f.learnTokensPerSecond(), f.learnRecompute(), f.learnForward(), f.learnBackward(),
          f.learnOptimizer()));
    }
    md.append('\n');

    md.append("## Weight publishing (executors in separate JVMs, local-cluster)\n\n");
    md.append("| model | transport | weights MB | executor JVMs | versions before | publish s"
        + " (driver) | load s (slowest executor) | of which build s | of a step | load CPU s"
        + " (all JVMs) | cores busy | empty job s | executor peak MiB |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (PublishBenchmark.Figure f : r.publish()) {
      String share = stepOf(r.pipeline(), f.model())
          .map(s -> String.format("%.1f%%", 100 * (f.publishSeconds() + f.loadSeconds()) / s))
          .orElse("-");
      md.append(String.format("| %s | %s | %.0f | %d | %d | %.3f | %.3f | %.3f | %s | %.3f"
          + " | %.2f | %.3f | %d |%n", f.model(), f.transport(), f.megabytes(), f.executors(),
          f.warmupVersions(), f.publishSeconds(), f.loadSeconds(), f.buildSeconds(), share,
          f.loadCpuSeconds(), f.loadBusyCores(), f.emptyJobSeconds(), f.executorPeakMib()));
    }
    md.append('\n');

    if (!r.scaling().isEmpty()) {
      md.append("## Scaling (rollout tokens/s, 1 torch thread per task)\n\n");
      ScalingBenchmark.Figure first = r.scaling().get(0);
      md.append(String.format("Rounds of the same rollout stage in one partition (one task) and"
          + " in two (two at once), medians of %d rounds after %d warm-up rounds:%n%n",
          first.rounds(), first.warmupRounds()));
      md.append("| master | partitions | tokens a stage | stage s | in the tasks s"
          + " | rollout tokens/s |\n|---|---|---|---|---|---|\n");
      for (ScalingBenchmark.Figure s : r.scaling()) {
        md.append(String.format("| %s | 1 | %.0f | %.3f | %.3f | %.0f |%n| %s | 2 | %.0f | %.3f"
            + " | %.3f | %.0f |%n", s.master(), s.oneTokens(), s.oneSeconds(),
            s.oneCriticalSeconds(), s.oneTokensPerSecond(), s.master(), s.twoTokens(),
            s.twoSeconds(), s.twoCriticalSeconds(), s.twoTokensPerSecond()));
      }
      md.append('\n');
      for (ScalingBenchmark.Figure s : r.scaling()) {
        md.append(String.format("- 2 %s over 1 (%s): **%.2fx** rollout throughput; %.2fx inside"
            + " the tasks (generation and verification, the slower task of two); the stage in"
            + " one partition by the executor that ran it: %s%n", s.compared(), s.master(),
            s.speedup(), s.criticalSpeedup(), String.join(", ", s.oneStageByExecutor().stream()
                .map(e -> String.format("%s %.3f s (%d rounds)", e.id(), e.seconds(),
                    e.rounds())).toList())));
      }
      md.append('\n');
    }

    PipelineBenchmark.Figure m = r.memory();
    if (m != null) {
      List<Long> rss = m.driverResidentMib();
      int tenth = rss.size() / 10;
      md.append(String.format("## Memory over %d steps (%s)%n%n", rss.size(), m.master()));
      md.append(String.format("Driver resident memory after steps 1, %d, %d: %d, %d, %d MiB;"
          + " growth over the last 90%% of the steps: %+d MiB. Peak: driver %d MiB.%n",
          tenth + 1, rss.size(), rss.get(0), rss.get(tenth), rss.get(rss.size() - 1),
          rss.get(rss.size() - 1) - rss.get(tenth), m.driverPeakMib()));
    }
    for (ScalingBenchmark.Figure s : r.scaling()) {
      if (s.executorPeakMib() > 0) {
        md.append(String.format("Peak executor JVM resident memory (%s): %d MiB.%n", s.master(),
            s.executorPeakMib()));
      }
    }
    if (r.lora() != null) {
      loraTables(md, r.loraShape(), r.lora());
    }
    return md.toString();
  }

  /** The LoRA section: both variants, then the rollouts with the adapters merged and not. */
  static void loraTables(StringBuilder md, String shape, LoraBenchmark.Result lora) {
    md.append(String.format("%n## LoRA against full fine-tuning (%s)%n%n", shape));
    md.append("| variant | trained parameters | step s | forward s | backward s | optimizer s"
        + " | training MiB | per version MB | publish s | load s (merged) | share (merged)"
        + " | share (unmerged) | once s |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LoraBenchmark.Variant v : lora.variants()) {
      md.append(String.format("| %s | %,d | %.2f | %.2f | %.2f | %.2f | %,d | %.1f | %.3f | %.3f"
          + " | %.2f%% | %.2f%% | %.2f |%n", v.name(), v.trainedParameters(), v.stepSeconds(),
          v.forwardSeconds(), v.backwardSeconds(), v.optimizerSeconds(),
          v.trainingResidentBytes() >> 20, v.bytesPerVersion() / 1e6, v.publishSeconds(),
          v.loadSeconds(), 100 * v.publishShare(), 100 * v.unmergedPublishShare(),
          v.onceSeconds()));
    }
    md.append("\nRollout tokens/s from the trained adapters: ");
    md.append(String.join(", ", lora.rollouts().stream()
        .map(ro -> String.format("%s %.0f", ro.name(), ro.tokensPerSecond())).toList()));
    md.append(".\n");
  }

  private static void pipelineTable(StringBuilder md, List<PipelineBenchmark.Figure> figures) {
    md.append("| run | master | steps | step s | rollout s | critical s | learn s"
        + " | publish s | overhead s | overhead | rollout tokens/s | driver peak MiB |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (PipelineBenchmark.Figure f : figures) {
      md.append(String.format("| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f |"
          + " %.1f%% | %.0f | %d |%n", f.name(), f.master(), f.measuredSteps(),
          f.step(), f.rollout(), f.rolloutCritical(), f.learn(), f.publish(), f.overhead(),
          100 * f.overheadFraction(), f.rolloutTokensPerSecond(), f.driverPeakMib()));
    }
  }

  private static Optional<Double> stepOf(List<PipelineBenchmark.Figure> figures, String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst()
        .map(PipelineBenchmark.Figure::step);
  }
}

package dev.ngrpo.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Two real 2-step runs on one page: a line per run on every chart, a header column each. */
class ReportOverlayTest {
  @TempDir
  Path dir;

  @Test
  void twoRunsShareEachChartWithALineEachNamedByTheRun() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    List<ReportRun> runs = new ArrayList<>();
    for (String[] run : new String[][] {{"seed-7", "7"}, {"seed-8", "8"}}) {
      Path out = dir.resolve(run[0]);
      TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 2\nngrpo.run.seed = " + run[1]
          + "\nngrpo.run.name = \"" + run[0] + "\""), false, new ArrayList<>());
      runs.add(ReportRun.read(fs, new org.apache.hadoop.fs.Path(out.toUri())));
    }
    Report report = Report.of(runs, new ReportOptions(List.of("time.learn.forward.seconds"),
        false, 2));
    assertThat(report.runs()).extracting(ReportRun::label).containsExactly("seed-7", "seed-8");

    // the charts as drawn: a line per run named by its label, the mean of 2 over each
    Panel reward = Panels.DEFAULT.get(0);
    XYChart chart = ReportCharts.training(reward, report.runs(), 2).orElseThrow();
    assertThat(legend(chart)).containsExactly("seed-7", "seed-7 (mean of 2)", "seed-8",
        "seed-8 (mean of 2)");
    assertThat(chart.getSeriesMap().get("seed-8").getXData()).containsExactly(1, 2);
    Panel groups = Panels.DEFAULT.get(2);
    assertThat(legend(ReportCharts.training(groups, report.runs(), 1).orElseThrow()))
        .containsExactly("seed-7: groups.all_wrong", "seed-7: groups.mixed",
            "seed-7: groups.all_correct", "seed-8: groups.all_wrong", "seed-8: groups.mixed",
            "seed-8: groups.all_correct");
    // evaluations before and after (every = 2), accuracy alone (no pass@k): a line per run
    assertThat(legend(ReportCharts.heldOut(report.runs()).orElseThrow()))
        .containsExactly("seed-7", "seed-8");

    org.apache.hadoop.fs.Path index = ReportWriter.write(fs, report,
        new org.apache.hadoop.fs.Path(dir.resolve("compared").toUri()));
    String page = Files.readString(Path.of(index.toUri()));
    assertThat(page).contains("<title>ngrpo runs compared</title>")
        .contains("<li><b>seed-7</b>: " + runs.get(0).output() + ", 2 steps, 2 evaluations</li>")
        .contains("<li><b>seed-8</b>: " + runs.get(1).output() + ", 2 steps, 2 evaluations</li>")
        // the header: a column per run, headed by its label
        .contains("<table class=\"header\"><tr><th></th><th class=\"text\">seed-7</th>"
            + "<th class=\"text\">seed-8</th></tr><tr><th class=\"text\">run</th>"
            + "<td class=\"text\">seed-7</td><td class=\"text\">seed-8</td></tr>")
        // the evaluations with a run column
        .contains("<tr><td class=\"text\">seed-8</td><td>before</td><td>0</td>")
        .contains("Each faint line is the step values; the solid line over it their mean over"
            + " the last 2 steps.")
        .contains("<img src=\"metric-time.learn.forward.seconds.png\" alt=\""
            + "time.learn.forward.seconds\">")
        .contains("A report of several runs leaves their sample generations out")
        .doesNotContain("<h3>Step 1");
    for (String png : new String[] {"eval.png", "reward.png", "groups.png",
        "metric-time.learn.forward.seconds.png"}) {
      assertThat(dir.resolve("compared").resolve(png)).as(png).isNotEmptyFile();
      assertThat(page).contains("<img src=\"" + png + "\"");
    }
  }

  /** The legend's entries, in order (the hidden axis anchor is not one). */
  private static List<String> legend(XYChart chart) {
    return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
        .map(XYSeries::getName).toList();
  }
}

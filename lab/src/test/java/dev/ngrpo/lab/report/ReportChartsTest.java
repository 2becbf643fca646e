package dev.ngrpo.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Lines, names, means and the charts' choice, on records written out here. */
class ReportChartsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theTrailingMeanAveragesTheFiniteValuesOfTheLastNSteps() {
    double nan = Double.NaN;
    // n = 2: 1; (1+2)/2; 2 (NaN left out); 4; (4+6)/2
    assertThat(ReportCharts.trailingMean(new double[] {1, 2, nan, 4, 6}, 2))
        .containsExactly(1, 1.5, 2, 4, 5);
    // n = 3 over a gap of two: the step after the gap has nothing finite before it but itself
    assertThat(ReportCharts.trailingMean(new double[] {3, nan, nan, 9}, 3))
        .containsExactly(3, 3, 3, 9);
    assertThat(ReportCharts.trailingMean(new double[] {nan, 2}, 1)).containsExactly(nan, 2);
    // a constant stays exactly that constant (ten 1e-6 summed, / 10: 1.0000000000000002e-6)
    double[] lr = new double[12];
    java.util.Arrays.fill(lr, 1e-6);
    assertThat(ReportCharts.trailingMean(lr, 10)).containsOnly(1e-6);
  }

  @Test
  void aLineIsNamedByTheFigureForOneRunAndByTheRunForSeveral() {
    assertThat(ReportCharts.seriesName("a", "loss", false, false)).isEqualTo("loss");
    assertThat(ReportCharts.seriesName("a", "loss", false, true)).isEqualTo("loss");
    assertThat(ReportCharts.seriesName("a", "loss", true, false)).isEqualTo("a");
    assertThat(ReportCharts.seriesName("a", "loss", true, true)).isEqualTo("a: loss");
  }

  @Test
  void eachRunAndFigureIsALineWithItsMeanOverItInTheSameColour() throws Exception {
    ReportRun a = run("a", "{\"step\":0,\"loss\":1.0,\"kl\":0.5}", "{\"step\":1,\"loss\":3.0}");
    ReportRun b = run("b", "{\"step\":0,\"loss\":2.0}");
    Panel panel = new Panel("p.png", "P", "y", List.of("loss", "kl"));
    XYChart c = ReportCharts.training(panel, List.of(a, b), 2).orElseThrow();
    // b logged no KL: no line for it; the hidden anchor last, at half a step before step 1
    assertThat(c.getSeriesMap().keySet()).containsExactly("a: loss", "a: loss (mean of 2)",
        "a: kl", "a: kl (mean of 2)", "b: loss", "b: loss (mean of 2)", ReportCharts.ANCHOR);
    XYSeries mean = c.getSeriesMap().get("a: loss (mean of 2)");
    assertThat(mean.getXData()).containsExactly(1, 2);
    assertThat(mean.getYData()).containsExactly(1, 2);
    // the step values faint under a mean of the same colour
    XYSeries raw = c.getSeriesMap().get("a: loss");
    assertThat(raw.getLineColor().getAlpha()).isEqualTo(80);
    assertThat(raw.getLineColor().getRGB() & 0xFFFFFF)
        .isEqualTo(mean.getLineColor().getRGB() & 0xFFFFFF);
    assertThat(mean.getLineColor().getAlpha()).isEqualTo(255);
    // the NaN of a step without the figure stays a gap
    assertThat(c.getSeriesMap().get("a: kl").getYData()[1]).isNaN();
    XYSeries anchor = c.getSeriesMap().get(ReportCharts.ANCHOR);
    assertThat(anchor.isShowInLegend()).isFalse();
    assertThat(anchor.getXData()).containsExactly(0.5);
    assertThat(c.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)).hasSize(6);
    // 6 legend rows below the chart
    assertThat(c.getWidth()).isEqualTo(540);
    assertThat(c.getHeight()).isEqualTo(330 + 6 * 18);

    // one run: the figures' names; no mean when smooth is 1; nothing logged, no chart
    XYChart single = ReportCharts.training(panel, List.of(a), 1).orElseThrow();
    assertThat(single.getSeriesMap().keySet()).containsExactly("loss", "kl", ReportCharts.ANCHOR);
    assertThat(ReportCharts.training(new Panel("q.png", "Q", "", List.of("lr")), List.of(a, b),
        1)).isEmpty();
  }

  @Test
  void heldOutAccuracyIsALinePerRunAndPassAtKBesideIt() throws Exception {
    ReportRun a = run("a", List.of(), List.of(
        "{\"step\":0,\"label\":\"before\",\"accuracy\":0.25,\"pass@1\":0.25,\"pass@4\":0.5}",
        "{\"step\":2,\"label\":\"after\",\"accuracy\":0.5,\"pass@1\":0.5,\"pass@4\":0.75}"));
    ReportRun b = run("b", List.of(), List.of("{\"step\":0,\"accuracy\":0.125}"));
    assertThat(ReportCharts.heldOut(List.of(a, b)).orElseThrow().getSeriesMap().keySet())
        .containsExactly("a: accuracy", "a: pass@4", "b: accuracy", ReportCharts.ANCHOR);
    assertThat(ReportCharts.heldOut(List.of(b, run("c", List.of(), List.of(
        "{\"step\":0,\"accuracy\":0.5}")))).orElseThrow().getSeriesMap().keySet())
        .containsExactly("b", "c", ReportCharts.ANCHOR);
    assertThat(ReportCharts.heldOut(List.of(run("d", "{\"step\":0,\"loss\":1.0}")))).isEmpty();
  }

  @Test
  void extraChartsComeAsAskedAndAnUnknownNameListsTheKnownOnes() throws Exception {
    ReportRun a = run("a", "{\"step\":0,\"time\":1.5,\"loss\":1.0,\"x/y\":2,\"x_y\":3,"
        + "\"note\":\"text\"}");
    ReportRun b = run("b", "{\"step\":0,\"zeta\":1.0,\"loss\":2.0}");
    List<Panel> asked = Panels.of(List.of(a, b), new ReportOptions(List.of("zeta", "loss",
        "zeta"), false, 1));
    assertThat(asked.subList(0, Panels.DEFAULT.size())).isEqualTo(Panels.DEFAULT);
    // in the order asked, once each; a default chart's figure gets its own chart too
    assertThat(asked.subList(Panels.DEFAULT.size(), asked.size())).containsExactly(
        new Panel("metric-zeta.png", "zeta", "", List.of("zeta")),
        new Panel("metric-loss.png", "loss", "", List.of("loss")));
    // all: the numeric fields no default chart draws, as first logged; not step, time or text;
    // file names safe, numbered when two come out the same
    List<Panel> all = Panels.of(List.of(a, b), new ReportOptions(List.of(), true, 1));
    assertThat(all.subList(Panels.DEFAULT.size(), all.size())).extracting(Panel::file)
        .containsExactly("metric-x_y.png", "metric-x_y-2.png", "metric-zeta.png");
    assertThat(all.subList(Panels.DEFAULT.size(), all.size())).extracting(Panel::title)
        .containsExactly("x/y", "x_y", "zeta");
    assertThatThrownBy(() -> Panels.of(List.of(a, b), new ReportOptions(List.of("time"), false,
        1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no metric 'time' in the metrics.jsonl of /runs/a, /runs/b; available: loss,"
            + " x/y, x_y, zeta");
  }

  @Test
  void smoothingOverLessThanOneStepIsRefused() {
    assertThatThrownBy(() -> new ReportOptions(List.of(), false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--smooth must be at least 1 (the steps in each trailing mean; 1 draws the"
            + " values alone), got 0");
  }

  @Test
  void runsThatShareALabelAreToldApartByFolderThenByNumber() throws Exception {
    List<ReportRun> runs = ReportRun.labelled(List.of(folder("seed", "/x/a"),
        folder("seed", "/x/b"), folder("other", "/x/c"), folder("twin", "/y/d"),
        folder("twin", "/z/d")));
    assertThat(runs).extracting(ReportRun::label).containsExactly("seed (a)", "seed (b)",
        "other", "twin (d) #1", "twin (d) #2");
    // a local folder given with its trailing slash still has its name
    assertThat(ReportRun.folderName(new Path("file:/x/run-a/"))).isEqualTo("run-a");
    assertThat(ReportRun.folderName(new Path(java.net.URI.create("file:/x/run-a/"))))
        .isEqualTo("run-a");
  }

  /** A run labelled {@code label} in /runs/LABEL with these metrics lines. */
  private static ReportRun run(String label, String... steps) throws Exception {
    return run(label, List.of(steps), List.of());
  }

  private static ReportRun run(String label, List<String> steps, List<String> evals)
      throws Exception {
    return new ReportRun(label, new Path("/runs/" + label), parse(steps), parse(evals),
        List.of(), Map.of());
  }

  private static ReportRun folder(String label, String folder) {
    return new ReportRun(label, new Path(folder), List.of(), List.of(), List.of(), Map.of());
  }

  private static List<JsonNode> parse(List<String> lines) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : lines) {
      out.add(JSON.readTree(l));
    }
    return out;
  }
}

package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ngrpo report}: its usage errors exit 2 before anything is written. */
class ReportCommandTest {
  private static final String METRICS = """
      {"step":0,"time":1712320496.789,"reward.mean":0.25,"loss":1.5}
      {"step":1,"time":1712320500.0,"reward.mean":0.5,"loss":1.25}
      """;

  @TempDir
  Path dir;

  @Test
  void severalRunsNeedAnOutputFolder() throws Exception {
    Path a = run("a");
    Path b = run("b");
    MainTest.Result r = MainTest.run("report", a.toString(), b.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("configuration error: --out DIR is required with several"
        + " RUN_DIRs (2 given): the folder to write the page that compares them to\n");
    assertThat(a.resolve("report")).doesNotExist();

    MainTest.Result ok = MainTest.run("report", a.toString(), b.toString(), "--out",
        dir.resolve("both").toString(), "--smooth", "2");
    assertThat(ok.code()).as(ok.err()).isZero();
    Path index = dir.resolve("both/index.html");
    assertThat(ok.out()).isEqualTo("wrote " + index.toUri().toString().replace("file:///",
        "file:/") + "\n");
    // no checkpoints: each run is labelled by its folder's name
    assertThat(Files.readString(index)).contains("<li><b>a</b>: ").contains("<li><b>b</b>: ");
    assertThat(dir.resolve("both/reward.png")).isNotEmptyFile();
  }

  @Test
  void aMeanOfFewerThanOneStepExitsTwo() throws Exception {
    MainTest.Result r = MainTest.run("report", run("a").toString(), "--smooth", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("configuration error: --smooth must be at least 1 (the steps"
        + " in each trailing mean; 1 draws the values alone), got 0\n");
  }

  @Test
  void anUnknownMetricExitsTwoListingTheKnownOnesAndWritesNothing() throws Exception {
    Path a = run("a");
    MainTest.Result r = MainTest.run("report", a.toString(), "--metric", "los");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("configuration error: no metric 'los' in the metrics.jsonl"
        + " of " + a.toUri().toString().replace("file:///", "file:/")
        + "; available: reward.mean, loss\n");
    assertThat(a.resolve("report")).doesNotExist();

    MainTest.Result ok = MainTest.run("report", a.toString(), "--metric", "loss");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(a.resolve("report/metric-loss.png")).isNotEmptyFile();
  }

  private Path run(String name) throws Exception {
    Path run = Files.createDirectories(dir.resolve(name));
    Files.writeString(run.resolve("metrics.jsonl"), METRICS);
    return run;
  }
}

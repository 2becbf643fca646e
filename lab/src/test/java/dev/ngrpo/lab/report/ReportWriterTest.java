package dev.ngrpo.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir
  Path dir;

  @Test
  void aRunsMetricsBecomeAPageWithCharts() throws Exception {
    Path out = dir.resolve("run");
    TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 2"), false, new ArrayList<>());
    ReportWriter.write(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri()));
    assertThat(out.resolve("report/index.html")).exists();
    assertThat(out.resolve("report/reward.png")).exists();
    // a chart with lines in it, not an empty frame
    assertThat(Files.size(out.resolve("report/groups.png"))).isGreaterThan(1000);
  }
}

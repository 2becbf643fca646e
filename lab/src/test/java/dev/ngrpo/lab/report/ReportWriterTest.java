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
    TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 2\nngrpo.run.name = \"r<1> & 2\""),
        false, new ArrayList<>());
    ReportWriter.write(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri()));
    assertThat(out.resolve("report/index.html")).exists();
    assertThat(out.resolve("report/reward.png")).exists();
    // a chart with lines in it, not an empty frame
    assertThat(Files.size(out.resolve("report/groups.png"))).isGreaterThan(1000);
    // reward and accuracy apart; the learner's figures; no KL chart without a reference policy
    for (String chart : new String[] {"accuracy.png", "loss.png", "grad.png", "advantage.png",
        "lr.png", "throughput.png"}) {
      assertThat(out.resolve("report/" + chart)).as(chart).exists();
    }
    assertThat(out.resolve("report/kl.png")).doesNotExist();
    // plain files only: no Hadoop .crc beside a page or a chart
    try (var files = Files.list(out.resolve("report"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .isNotEmpty().noneMatch(n -> n.endsWith(".crc"));
    }
    // the header: what the run was, from its newest checkpoint, escaped
    String page = Files.readString(out.resolve("report/index.html"));
    assertThat(page).contains("<th class=\"text\">run</th><td class=\"text\">r&lt;1&gt; &amp; 2"
        + "</td>")
        .contains("<th class=\"text\">method</th><td class=\"text\">ngrpo (advantage-estimator"
            + " = ngrpo, clip-high = 0.24, clip-low = 0.16, dual-clip = 0,")
        .contains("<th class=\"text\">newest checkpoint</th><td class=\"text\">step 1, written");
    assertThat(page).containsPattern("commit ([0-9a-f]{40}|unknown)");
    // the run sampled step 0 (ngrpo.log.samples-every = 10): its section is on the page
    assertThat(Files.readString(out.resolve("report/index.html")))
        .contains("<h2>Samples</h2><h3>Step 1 (weights version 0)</h3>");
  }

  @Test
  void samplesAreEscapedEverywhereAndTheLatestStepComesFirst() throws Exception {
    // untrusted text in every field a model or a dataset writes
    Files.writeString(dir.resolve("eval.jsonl"),
        "{\"step\":0,\"label\":\"before\",\"prompts\":8,\"samples\":1,\"accuracy\":0.5}\n");
    Files.writeString(dir.resolve("samples.jsonl"), """
        {"step":0,"weights.version":0,"prompt.id":"old","task":"t","prompt":"p","reference":"r",\
        "trained":true,"ungraded":0,"rejected":0,"responses":[{"text":"first","tokens":1,\
        "truncated":false,"score":0.0,"reward":0.0,"advantage":-0.5}]}
        {"step":10,"weights.version":10,"prompt.id":"<img src=x onerror=alert(2)>","task":"t",\
        "prompt":"</pre><script>alert(3)</script>","reference":"<i>4</i>","trained":false,\
        "ungraded":1,"rejected":0,"responses":[{"text":"<script>alert(1)</script>","tokens":9,\
        "truncated":true,"score":1.0,"reward":1.0,"advantage":null},{"text":"\\"quotes\\" & <b>",\
        "tokens":3,"truncated":false,"score":0.0,"reward":0.0,"advantage":null}]}
        """);
    org.apache.hadoop.fs.Path index = ReportWriter.write(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toUri()));
    String html = Files.readString(Path.of(index.toUri()));
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&quot;quotes&quot; &amp; &lt;b&gt;")
        .contains("<b>&lt;img src=x onerror=alert(2)&gt;</b>")
        .contains("<pre>&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;</pre>")
        .contains("reference <code>&lt;i&gt;4&lt;/i&gt;</code>")
        .doesNotContain("<script").doesNotContain("<img src=x").doesNotContain("<i>")
        .doesNotContain("& <b>");
    // step 11 open, with no advantages (left out: 1 ungraded); step 1 folded below it
    assertThat(html.indexOf("<h3>Step 11 (weights version 10)</h3>"))
        .isPositive().isLessThan(html.indexOf("<details><summary>Step 1 (weights version 0)"));
    assertThat(html).contains("left out of the update (advantages unused); 1 response(s) the"
        + " verifier could not grade")
        .contains("<tr><td>0</td><td>1.0000</td><td>1.0000</td><td>-</td><td>9</td><td>yes</td>")
        .contains("<tr><td>0</td><td>0.0000</td><td>0.0000</td><td>-0.5000</td><td>1</td>");
  }
}

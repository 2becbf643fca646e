package dev.ngrpo.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.ngrpo.orchestrator.TestRuns;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
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
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
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
    assertThat(out.resolve("report/critic.png")).doesNotExist(); // not PPO: no critic
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
    // when it went, from the logged times: ISO-8601 UTC to the second, while the test ran
    Matcher times = Pattern.compile("<th class=\"text\">first step began</th><td class=\"text\">"
        + "(\\S+) \\(step 1\\)</td></tr><tr><th class=\"text\">last step logged</th>"
        + "<td class=\"text\">(\\S+) \\(step 2\\)</td>").matcher(page);
    assertThat(times.find()).as(page).isTrue();
    Instant began = Instant.parse(times.group(1));
    Instant last = Instant.parse(times.group(2));
    assertThat(began).isBetween(before, last);
    assertThat(last).isBeforeOrEqualTo(Instant.now());
    // drawn at twice the 540 CSS pixels the page shows: 1080 device pixels wide; one legend
    // row per line below a 330-pixel chart (3 lines: 2 x (330 + 3 x 18) = 768)
    BufferedImage groups = ImageIO.read(out.resolve("report/groups.png").toFile());
    assertThat(groups.getWidth()).isEqualTo(1080);
    assertThat(groups.getHeight()).isEqualTo(768);
    assertThat(page).contains("img{width:540px;height:auto;margin:4px;vertical-align:top}");
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

  @Test
  void theHeaderSaysWhenTheFirstStepBeganAndTheLastWasLogged() throws Exception {
    // no checkpoint: the header has the times alone. Step 0 logged at 12:34:56.789 after
    // 2.5 s: began 12:34:54.289; step 4 logged 103.411 s after step 0: 12:36:40.200
    Files.writeString(dir.resolve("metrics.jsonl"), """
        {"step":0,"time":1712320496.789,"time.step.seconds":2.5,"reward.mean":0.0}
        {"step":4,"time":1712320600.2,"time.step.seconds":2.0,"reward.mean":1.0}
        """);
    ReportRun run = ReportRun.read(local(), hadoop(dir));
    assertThat(run.header()).containsExactly(
        entry("first step began", "2024-04-05T12:34:54Z (step 1)"),
        entry("last step logged", "2024-04-05T12:36:40Z (step 5)"));
    assertThat(RunHeader.html(List.of(run))).isEqualTo("<table class=\"header\">"
        + "<tr><th class=\"text\">first step began</th><td class=\"text\">2024-04-05T12:34:54Z"
        + " (step 1)</td></tr><tr><th class=\"text\">last step logged</th><td class=\"text\">"
        + "2024-04-05T12:36:40Z (step 5)</td></tr></table>");
    // no step duration: the first step's log time, said to be that
    Files.writeString(dir.resolve("metrics.jsonl"), """
        {"step":0,"time":1712320496.789,"reward.mean":0.0}
        """);
    assertThat(ReportRun.read(local(), hadoop(dir)).header()).containsExactly(
        entry("first step began", "2024-04-05T12:34:56Z (when step 1 was logged; its duration"
            + " was not)"),
        entry("last step logged", "2024-04-05T12:34:56Z (step 1)"));
    // a run logged before metrics.jsonl had times: no header at all, and the page still comes
    Files.writeString(dir.resolve("metrics.jsonl"), """
        {"step":0,"reward.mean":0.0}
        {"step":1,"reward.mean":0.5}
        """);
    assertThat(ReportRun.read(local(), hadoop(dir)).header()).isEmpty();
    String page = Files.readString(Path.of(ReportWriter.write(local(), hadoop(dir)).toUri()));
    assertThat(page).doesNotContain("<table class=\"header\">").contains("2 steps, 0 evaluations")
        .contains("<img src=\"reward.png\" alt=\"Mean reward (training rollouts)\">");
  }

  @Test
  void aPpoRunGetsItsCriticsCharts() throws Exception {
    Files.writeString(dir.resolve("metrics.jsonl"), """
        {"step":0,"reward.mean":0.25,"critic.explained_variance":0.0,"critic.value.mean":0.0,\
        "critic.return.mean":0.25,"critic.value_loss":0.1}
        {"step":1,"reward.mean":0.5,"critic.explained_variance":0.2,"critic.value.mean":0.2,\
        "critic.return.mean":0.5,"critic.value_loss":0.05}
        """);
    String page = Files.readString(Path.of(ReportWriter.write(local(), hadoop(dir)).toUri()));
    assertThat(page).contains("<img src=\"critic.png\" alt=\"Critic: explained variance of"
        + " the returns\">").contains("<img src=\"value.png\"");
    assertThat(dir.resolve("report/critic.png")).exists();
  }

  @Test
  void aFolderWithoutLogsIsNotARun() {
    assertThatThrownBy(() -> ReportRun.read(local(), hadoop(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no metrics.jsonl or eval.jsonl in " + hadoop(dir)
            + ": not the output folder of a run");
  }

  private static FileSystem local() throws java.io.IOException {
    return FileSystem.getLocal(new Configuration());
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }
}

package dev.ngrpo.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.orchestrator.TestRuns;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run's report opened from disk in Debian's headless Chromium, driven over the DevTools
 * protocol: every chart loads, nothing is fetched but the report's own files, no script runs
 * (the run's name and a sample response are {@code <script>} elements, shown as text), and the
 * console stays clean. The page as the browser drew it is left in {@code
 * target/browser/report.png}. Without {@code /usr/bin/chromium} the test is skipped, but fails
 * where the environment variable {@code CI} is set: CI must run it.
 */
class ReportInBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Screenshot width in CSS pixels: the page's 1,100-pixel column and its margins. */
  private static final int SHOT_WIDTH = 1200;
  /** A later sampled step, so it is the one shown open, whose response is a script. */
  private static final String HOSTILE_SAMPLE = """
      {"step":1,"weights.version":1,"prompt.id":"p<img src=x onerror=alert(3)>","task":"t",\
      "prompt":"1+1=","reference":"2","trained":true,"ungraded":0,"rejected":0,"responses":\
      [{"text":"<script>alert(2)</script>","tokens":9,"truncated":false,"score":0.0,\
      "reward":0.0,"advantage":-0.5}]}
      """;
  private static final String PAGE_STATE = """
      JSON.stringify({
        images: [...document.images].map(i => ({src: i.getAttribute('src'),
          complete: i.complete, naturalWidth: i.naturalWidth,
          shownWidth: i.getBoundingClientRect().width})),
        scripts: document.scripts.length,
        text: document.body.innerText})""";

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aRunsReportLoadsEveryChartAndRunsNoScriptInHeadlessChromium() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      String why = "no " + CHROMIUM + ": install Debian's chromium (apt-get install chromium)";
      if (System.getenv("CI") != null) {
        fail(why + "; CI runs this test (.ci/run installs it when it runs as root)");
      }
      Assumptions.abort(why + " to run this test");
    }
    Path out = dir.resolve("run");
    TestRuns.train(TestRuns.config(out, "ngrpo.run.steps = 2\n"
        + "ngrpo.run.name = \"<script>alert(1)</script>\""), false, new ArrayList<>());
    Files.writeString(out.resolve("samples.jsonl"), HOSTILE_SAMPLE, StandardOpenOption.APPEND);
    Path index = Path.of(ReportWriter.write(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri())).toUri());
    // held-out accuracy and the 12 default training charts this run logs (no KL)
    long images = Pattern.compile("<img ").matcher(Files.readString(index)).results().count();
    assertThat(images).isEqualTo(13);

    Path build = Files.createDirectories(Path.of("target", "browser"));
    Path home = Files.createDirectories(dir.resolve("chromium"));
    try (HeadlessChromium browser = HeadlessChromium.start(CHROMIUM, home,
        build.resolve("chromium.log"), TIMEOUT)) {
      Cdp cdp = browser.cdp();
      String target = cdp.send(null, "Target.createTarget", params().put("url", "about:blank"))
          .path("targetId").asText();
      String page = cdp.send(null, "Target.attachToTarget", params().put("targetId", target)
          .put("flatten", true)).path("sessionId").asText();
      for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
        cdp.send(page, domain + ".enable", null);
      }
      cdp.send(page, "Emulation.setDeviceMetricsOverride", params().put("width", SHOT_WIDTH)
          .put("height", 900).put("deviceScaleFactor", 1).put("mobile", false));
      JsonNode navigated = cdp.send(page, "Page.navigate", params()
          .put("url", index.toUri().toString()));
      assertThat(navigated.has("errorText")).as(navigated.toString()).isFalse();
      cdp.awaitEvent(page, "Page.loadEventFired");

      JsonNode state = Cdp.JSON.readTree(cdp.send(page, "Runtime.evaluate", params()
          .put("expression", PAGE_STATE).put("returnByValue", true))
          .path("result").path("value").asText());
      // every chart loaded: 1080 pixels drawn, shown 540 CSS pixels wide
      assertThat(state.path("images")).hasSize(13).allSatisfy(i -> {
        assertThat(i.path("complete").asBoolean()).as(i.toString()).isTrue();
        assertThat(i.path("naturalWidth").asInt()).as(i.toString()).isEqualTo(1080);
        assertThat(i.path("shownWidth").asDouble()).as(i.toString()).isEqualTo(540.0);
      });
      // the scripts are text on the page, not elements of it
      assertThat(state.path("scripts").asInt()).isZero();
      assertThat(state.path("text").asText()).contains("<script>alert(1)</script>")
          .contains("<script>alert(2)</script>").contains("p<img src=x onerror=alert(3)>");

      byte[] png = screenshot(cdp, page);
      Files.write(build.resolve("report.png"), png);
      BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(shot.getWidth()).isEqualTo(SHOT_WIDTH);
      // the header, 7 rows of charts two abreast and the samples: well over 2,000 pixels
      assertThat(shot.getHeight()).isGreaterThan(2000);

      List<JsonNode> events = cdp.events(page);
      assertThat(events).as("no alert, no exception, no error in the console").noneMatch(e ->
          e.path("method").asText().equals("Page.javascriptDialogOpening")
          || e.path("method").asText().equals("Runtime.exceptionThrown")
          || e.path("method").asText().equals("Runtime.consoleAPICalled")
              && e.path("params").path("type").asText().equals("error")
          || e.path("method").asText().equals("Log.entryAdded")
              && e.path("params").path("entry").path("level").asText().equals("error"));
      // offline: the page and its 13 charts, all from the report folder
      List<String> fetched = events.stream()
          .filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
          .map(e -> e.path("params").path("request").path("url").asText()).toList();
      assertThat(fetched).hasSize(14).allMatch(u -> u.startsWith(
          index.getParent().toUri().toString()), "in " + index.getParent().toUri());
    }
  }

  /** The whole page, {@value #SHOT_WIDTH} CSS pixels wide, as a PNG. */
  private static byte[] screenshot(Cdp cdp, String page) throws Exception {
    double height = cdp.send(page, "Page.getLayoutMetrics", null).path("cssContentSize")
        .path("height").asDouble();
    ObjectNode clip = params().put("x", 0).put("y", 0).put("width", SHOT_WIDTH)
        .put("height", Math.ceil(height)).put("scale", 1);
    ObjectNode shot = params().put("format", "png").put("captureBeyondViewport", true);
    shot.set("clip", clip);
    return Base64.getDecoder().decode(cdp.send(page, "Page.captureScreenshot", shot)
        .path("data").asText());
  }

  private static ObjectNode params() {
    return Cdp.JSON.createObjectNode();
  }
}

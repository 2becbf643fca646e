package dev.ngrpo.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real local run with conf/prometheus.conf: while it trains, the driver's Prometheus
 * endpoint on 127.0.0.1 serves the run's gauges with the figures of the last logged step.
 */
class PrometheusEndpointTest {
  private static final String PREFIX =
      "metrics_ngrpo_driver_plugin_dev_ngrpo_orchestrator_spark_MetricsPlugin_";
  private static final Pattern GAUGE =
      Pattern.compile("^" + PREFIX + "(\\w+)_Value(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

  @TempDir
  Path dir;

  @Test
  void theDriversEndpointServesTheLastLoggedStep() throws Exception {
    Path out = dir.resolve("run");
    RunConfig config = TestRuns.config(out, Files.readString(Path.of("../conf/prometheus.conf"))
        + "\nngrpo.run.steps = 8\n"
        + "ngrpo.spark.conf { \"spark.ui.enabled\" = true, \"spark.ui.port\" = 0 }");
    CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
      try {
        TestRuns.train(config, false, new ArrayList<>());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    List<Map<String, Double>> scrapes = new ArrayList<>();
    while (!run.isDone()) {
      String url = SparkSession.getDefaultSession().isDefined()
          ? SparkSession.getDefaultSession().get().sparkContext().uiWebUrl().getOrElse(() -> "")
          : "";
      if (!url.isEmpty()) {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create(url + "/metrics/prometheus")).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            scrapes.add(gauges(r.body()));
          }
        } catch (java.io.IOException e) {
          // the UI is starting or stopping
        }
      }
      Thread.sleep(50);
    }
    run.get();
    List<JsonNode> steps = RunLog.records(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri()), RunLog.METRICS);
    assertThat(steps).hasSize(8);
    assertThat(scrapes).as("scrapes during the run").isNotEmpty();
    // Each scrape reads its gauges one by one while the run goes on, so one may straddle two
    // steps; a scrape between steps (most of them) must agree with the step's line exactly.
    int matched = 0;
    for (Map<String, Double> scrape : scrapes) {
      long step = scrape.getOrDefault("step", -1.0).longValue();
      if (step >= 0 && agrees(scrape, steps.get((int) step))) {
        matched++;
        assertThat(scrape.get("weights_version")).isEqualTo(step + 1.0);
        assertThat(scrape.get("checkpoint_step")).isBetween(step - 1.0, (double) step);
      }
    }
    assertThat(matched).as("scrapes that show a logged step's figures").isPositive();
    Map<String, Double> last = scrapes.get(scrapes.size() - 1);
    assertThat(last.get("executors_rollout_responses")).isPositive();
    assertThat(last.get("executors_rollout_tokens")).isPositive();
    assertThat(last.get("executors_rollout_policy_loads")).isPositive();
  }

  /** Whether every figure of a metrics.jsonl line is the scrape's gauge of that name. */
  private static boolean agrees(Map<String, Double> scrape, JsonNode line) {
    var names = line.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      Double gauge = scrape.get(name.replaceAll("[^a-zA-Z0-9]", "_"));
      if (!name.equals("time") && (gauge == null || gauge != line.get(name).asDouble())) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Double> gauges(String body) {
    Map<String, Double> out = new HashMap<>();
    Matcher m = GAUGE.matcher(body);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }
}

package dev.ngrpo.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's "Samples" section, from a run's {@code samples.jsonl}: the latest sampled
 * step's groups open, the {@value #EARLIER} sampled steps before it folded, newest first.
 * Every text of a line (prompt, responses, reference, ids) is what a model or a dataset
 * wrote, so each is HTML-escaped before it reaches the page: a response may well be
 * {@code <script>}.
 */
final class SampleSection {
  /** Earlier sampled steps shown, folded: enough to see a trend, few enough for a page. */
  static final int EARLIER = 4;

  private SampleSection() {}

  /** The section's HTML; empty when there are no samples. */
  static String html(List<JsonNode> samples) {
    if (samples.isEmpty()) {
      return "";
    }
    TreeMap<Long, List<JsonNode>> bySteps = new TreeMap<>();
    for (JsonNode s : samples) {
      bySteps.computeIfAbsent(s.path("step").asLong(), k -> new ArrayList<>()).add(s);
    }
    StringBuilder html = new StringBuilder("<h2>Samples</h2>");
    Map.Entry<Long, List<JsonNode>> latest = bySteps.lastEntry();
    html.append("<h3>").append(title(latest)).append("</h3>");
    latest.getValue().forEach(g -> group(html, g));
    int shown = 0;
    for (Map.Entry<Long, List<JsonNode>> e : bySteps.headMap(latest.getKey(), false).descendingMap()
        .entrySet()) {
      if (shown++ == EARLIER) {
        break;
      }
      html.append("<details><summary>").append(title(e)).append("</summary>");
      e.getValue().forEach(g -> group(html, g));
      html.append("</details>");
    }
    return html.toString();
  }

  /** "Step n (weights version v)", counting steps from 1 as the charts do. */
  private static String title(Map.Entry<Long, List<JsonNode>> step) {
    return "Step " + (step.getKey() + 1) + " (weights version "
        + step.getValue().get(0).path("weights.version").asLong() + ")";
  }

  private static void group(StringBuilder html, JsonNode g) {
    html.append("<div class=\"sample\"><p><b>").append(text(g, "prompt.id")).append("</b> (")
        .append(text(g, "task")).append("), reference <code>").append(text(g, "reference"))
        .append("</code>; ").append(g.path("trained").asBoolean() ? "trained on"
            : "left out of the update (advantages unused)");
    int ungraded = g.path("ungraded").asInt();
    if (ungraded > 0) {
      html.append("; ").append(ungraded).append(" response(s) the verifier could not grade:"
          + " their scores are placeholders");
    }
    html.append("</p><pre>").append(text(g, "prompt")).append("</pre>")
        .append("<table><tr><th>#</th><th>score</th><th>reward</th><th>advantage</th>")
        .append("<th>tokens</th><th>truncated</th><th class=\"text\">response</th></tr>");
    int i = 0;
    for (JsonNode r : g.path("responses")) {
      html.append("<tr><td>").append(i++).append("</td><td>").append(number(r, "score"))
          .append("</td><td>").append(number(r, "reward")).append("</td><td>")
          .append(number(r, "advantage")).append("</td><td>").append(r.path("tokens").asInt())
          .append("</td><td>").append(r.path("truncated").asBoolean() ? "yes" : "")
          .append("</td><td class=\"text\"><pre>").append(text(r, "text"))
          .append("</pre></td></tr>");
    }
    html.append("</table></div>");
  }

  /** The escaped text of a field; empty when absent. */
  private static String text(JsonNode n, String field) {
    return escape(n.path(field).asText(""));
  }

  /** A number with 4 decimals; "-" when absent or null (a group left out has no advantage). */
  private static String number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.isNumber() ? "-" : String.format(Locale.ROOT, "%.4f", v.asDouble());
  }

  /** {@code s} safe inside an element or a quoted attribute. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}

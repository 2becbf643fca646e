package dev.ngrpo.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The table of a report's held-out evaluations: one row per evaluation, with a first column
 * naming the run when there are several; the pass@k columns are those of the runs' first
 * evaluations (every evaluation of a run has the same ones).
 */
final class EvalSection {
  private EvalSection() {}

  /** The table's HTML; "" when no run evaluated. */
  static String table(List<ReportRun> runs) {
    Set<String> passes = new LinkedHashSet<>();
    for (ReportRun r : runs) {
      if (!r.evals().isEmpty()) {
        r.evals().get(0).fieldNames().forEachRemaining(n -> {
          if (n.startsWith("pass@")) {
            passes.add(n);
          }
        });
      }
    }
    if (runs.stream().allMatch(r -> r.evals().isEmpty())) {
      return "";
    }
    List<String> columns = new ArrayList<>(List.of("label", "step", "prompts", "samples",
        "accuracy"));
    columns.addAll(passes);
    boolean several = runs.size() > 1;
    StringBuilder t = new StringBuilder("<table><tr>");
    if (several) {
      t.append("<th class=\"text\">run</th>");
    }
    columns.forEach(c -> t.append("<th>").append(SampleSection.escape(c)).append("</th>"));
    t.append("</tr>");
    for (ReportRun r : runs) {
      for (JsonNode e : r.evals()) {
        t.append("<tr>");
        if (several) {
          t.append("<td class=\"text\">").append(SampleSection.escape(r.label())).append("</td>");
        }
        for (String c : columns) {
          JsonNode v = e.get(c);
          String text = v == null ? "" : v.isFloatingPointNumber()
              ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : v.asText();
          t.append("<td>").append(SampleSection.escape(text)).append("</td>");
        }
        t.append("</tr>");
      }
    }
    return t.append("</table>").toString();
  }
}

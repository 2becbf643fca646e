package dev.ngrpo.lab.report;

import static dev.ngrpo.core.data.MetricNames.ACCURACY;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MAX;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MEAN;
import static dev.ngrpo.core.data.MetricNames.ADVANTAGE_MIN;
import static dev.ngrpo.core.data.MetricNames.CLIP_NEGATIVE;
import static dev.ngrpo.core.data.MetricNames.CLIP_POSITIVE;
import static dev.ngrpo.core.data.MetricNames.ENTROPY;
import static dev.ngrpo.core.data.MetricNames.EXPLAINED_VARIANCE;
import static dev.ngrpo.core.data.MetricNames.GRAD_NORM;
import static dev.ngrpo.core.data.MetricNames.GRAD_NORM_MAX;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_CORRECT;
import static dev.ngrpo.core.data.MetricNames.GROUPS_ALL_WRONG;
import static dev.ngrpo.core.data.MetricNames.GROUPS_MIXED;
import static dev.ngrpo.core.data.MetricNames.KL;
import static dev.ngrpo.core.data.MetricNames.LEARNING_RATE;
import static dev.ngrpo.core.data.MetricNames.LEARN_TOKENS_PER_SECOND;
import static dev.ngrpo.core.data.MetricNames.LENGTH_MAX;
import static dev.ngrpo.core.data.MetricNames.LENGTH_MEAN;
import static dev.ngrpo.core.data.MetricNames.LOSS;
import static dev.ngrpo.core.data.MetricNames.RETURN_MEAN;
import static dev.ngrpo.core.data.MetricNames.REWARD_MEAN;
import static dev.ngrpo.core.data.MetricNames.TIME_LEARN;
import static dev.ngrpo.core.data.MetricNames.TIME_PUBLISH;
import static dev.ngrpo.core.data.MetricNames.TIME_ROLLOUT;
import static dev.ngrpo.core.data.MetricNames.TOKENS_PER_SECOND;
import static dev.ngrpo.core.data.MetricNames.VALUE_LOSS;
import static dev.ngrpo.core.data.MetricNames.VALUE_MEAN;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.orchestrator.metrics.RunLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training charts of a report: the default ones, then a chart of its own for each metric
 * the options ask for ({@link ReportOptions}), in the order asked, then, with {@code
 * allMetrics}, the numeric fields no default chart shows, in the order the runs logged them.
 */
final class Panels {
  private Panels() {}

  /** The charts every report draws, each only when some run logged one of its figures. */
  static final List<Panel> DEFAULT = List.of(
      // apart: with r_max = 1 and a 0/1 verifier the two lines coincide and one hides the other
      new Panel("reward.png", "Mean reward (training rollouts)", "reward", List.of(REWARD_MEAN)),
      new Panel("accuracy.png", "Accuracy (training rollouts)", "fraction correct",
          List.of(ACCURACY)),
      new Panel("groups.png", "Group composition", "groups",
          List.of(GROUPS_ALL_WRONG, GROUPS_MIXED, GROUPS_ALL_CORRECT)),
      new Panel("clip.png", "Clipped token fraction", "fraction",
          List.of(CLIP_POSITIVE, CLIP_NEGATIVE)),
      new Panel("entropy.png", "Policy entropy per token", "nats", List.of(ENTROPY)),
      new Panel("length.png", "Response length", "tokens", List.of(LENGTH_MEAN, LENGTH_MAX)),
      new Panel("time.png", "Time per phase", "seconds",
          List.of(TIME_ROLLOUT, TIME_LEARN, TIME_PUBLISH)),
      new Panel("loss.png", "Loss", "loss", List.of(LOSS)),
      new Panel("grad.png", "Gradient norm (before clipping)", "norm",
          List.of(GRAD_NORM, GRAD_NORM_MAX)),
      new Panel("advantage.png", "Advantage range", "advantage",
          List.of(ADVANTAGE_MIN, ADVANTAGE_MEAN, ADVANTAGE_MAX)),
      new Panel("kl.png", "KL to the reference policy", "nats", List.of(KL)),
      new Panel("lr.png", "Learning rate", "lr", List.of(LEARNING_RATE)),
      new Panel("throughput.png", "Throughput", "tokens/s",
          List.of(TOKENS_PER_SECOND, LEARN_TOKENS_PER_SECOND)),
      // PPO's critic; left out of other methods' reports, which log none of these
      new Panel("critic.png", "Critic: explained variance of the returns", "fraction",
          List.of(EXPLAINED_VARIANCE)),
      new Panel("value.png", "Critic: values, returns and value loss", "value",
          List.of(VALUE_MEAN, RETURN_MEAN, VALUE_LOSS)));

  /**
   * The charts of {@code runs} under {@code options}.
   *
   * @throws IllegalArgumentException naming a requested metric no run logged as a number, with
   *     the ones they did
   */
  static List<Panel> of(List<ReportRun> runs, ReportOptions options) {
    List<String> available = available(runs);
    for (String m : options.metrics()) {
      if (!available.contains(m)) {
        List<String> folders = runs.stream().map(r -> r.output().toString()).toList();
        throw new IllegalArgumentException("no metric '" + m + "' in the " + RunLog.METRICS
            + " of " + String.join(", ", folders) + "; available: "
            + (available.isEmpty() ? "none" : String.join(", ", available)));
      }
    }
    Set<String> extra = new LinkedHashSet<>(options.metrics());
    if (options.allMetrics()) {
      Set<String> drawn = new HashSet<>();
      DEFAULT.forEach(p -> drawn.addAll(p.metrics()));
      available.stream().filter(m -> !drawn.contains(m)).forEach(extra::add);
    }
    List<Panel> panels = new ArrayList<>(DEFAULT);
    Set<String> files = new HashSet<>();
    DEFAULT.forEach(p -> files.add(p.file()));
    for (String m : extra) {
      panels.add(new Panel(file(m, files), m, "", List.of(m)));
    }
    return panels;
  }

  /**
   * Every field some step of some run logged as a number, in the order first seen, but
   * {@code step} and {@value RunLog#TIME}, which are not figures of the step.
   */
  static List<String> available(List<ReportRun> runs) {
    Set<String> names = new LinkedHashSet<>();
    for (ReportRun r : runs) {
      for (JsonNode s : r.steps()) {
        for (Map.Entry<String, JsonNode> f : s.properties()) {
          if (f.getValue().isNumber()) {
            names.add(f.getKey());
          }
        }
      }
    }
    names.remove("step");
    names.remove(RunLog.TIME);
    return List.copyOf(names);
  }

  /**
   * {@code metric-NAME.png} with every character but letters, digits, '.', '_' and '-' as '_'
   * (a safe relative link on any file system), numbered when two names come out the same.
   */
  private static String file(String metric, Set<String> taken) {
    String base = "metric-" + metric.replaceAll("[^A-Za-z0-9._-]", "_");
    String name = base + ".png";
    for (int i = 2; !taken.add(name); i++) {
      name = base + "-" + i + ".png";
    }
    return name;
  }
}

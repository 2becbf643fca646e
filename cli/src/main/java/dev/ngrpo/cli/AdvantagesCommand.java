package dev.ngrpo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.config.UnknownKeys;
import dev.ngrpo.learner.config.AlgorithmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ngrpo advantages --preset P --rewards r1,r2,...}: what a preset makes of a group. */
@Command(name = "advantages", mixinStandardHelpOptions = true,
    description = "Prints, as JSON, the advantages the preset's estimator gives one group of"
        + " rewards: for checking a configuration (e.g. an all-wrong group under ngrpo gets"
        + " -1/3 at G = 8 where grpo gives 0).")
public final class AdvantagesCommand implements Callable<Integer> {
  @Option(names = "--preset", defaultValue = "ngrpo",
      description = "ngrpo, grpo, dapo, w-reinforce or dr-grpo (default ${DEFAULT-VALUE})")
  String preset;

  @Option(names = "--rewards", required = true, split = ",", paramLabel = "R",
      description = "the group's rewards, comma-separated")
  List<Float> rewards;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a key of ngrpo.learner, as in every command, e.g. --set"
          + " ngrpo.learner.algorithm.virtual-samples=2 (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    return Failures.run(() -> {
      StringBuilder conf = new StringBuilder("ngrpo.learner.preset = \"" + preset + "\"\n");
      for (String o : overrides) {
        int eq = o.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--set takes key=value, got '" + o + "'");
        }
        conf.append(learnerKey(o.substring(0, eq).trim())).append(" = ")
            .append(o.substring(eq + 1).trim()).append('\n');
      }
      Config config = ConfigFactory.parseString(conf.toString());
      UnknownKeys.check(config.withFallback(ConfigFactory.defaultReference()).resolve(),
          ConfigFactory.defaultReference(), "ngrpo");
      AlgorithmConfig algorithm = AlgorithmConfig.from(
          config.withFallback(ConfigFactory.defaultReference()).resolve());
      if (algorithm.newAdvantageEstimator().needsCritic()) {
        throw new IllegalArgumentException("preset " + algorithm.preset() + ": the advantage"
            + " estimator '" + algorithm.advantageEstimator() + "' gives per-token advantages"
            + " from a learned critic's values, not from a group's rewards alone; this command"
            + " shows the group estimators' (ngrpo, grpo, dapo, dr-grpo, w-reinforce)");
      }
      return algorithm;
    }, algorithm -> {
      float[] r = new float[rewards.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = rewards.get(i);
      }
      float[] a = algorithm.newAdvantageEstimator().advantages("command-line group", r);
      ObjectMapper json = new ObjectMapper();
      ObjectNode out = json.createObjectNode();
      out.put("preset", algorithm.preset());
      out.put("estimator", algorithm.advantageEstimator());
      out.put("r_max", algorithm.maxReward());
      out.put("virtual_samples", algorithm.virtualSamples());
      out.putPOJO("rewards", r);
      out.putPOJO("advantages", a);
      System.out.println(json.writeValueAsString(out));
      return 0;
    });
  }

  /**
   * {@code key} as a full key under {@code ngrpo.learner}; a bare algorithm key (the old form,
   * {@code virtual-samples}) is read as {@code ngrpo.learner.algorithm.virtual-samples} with a
   * warning.
   */
  private static String learnerKey(String key) {
    if (key.startsWith("ngrpo.")) {
      if (!key.startsWith("ngrpo.learner.") && !key.startsWith("ngrpo.presets.")) {
        throw new IllegalArgumentException("--set " + key + ": advantages reads only"
            + " ngrpo.learner.* and ngrpo.presets.* keys");
      }
      return key;
    }
    String full = "ngrpo.learner.algorithm." + key;
    System.err.println("warning: --set " + key + " is deprecated: write --set " + full);
    return full;
  }
}

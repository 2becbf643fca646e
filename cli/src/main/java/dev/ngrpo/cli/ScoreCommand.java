package dev.ngrpo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.TimeLimitedVerifier;
import dev.ngrpo.rollout.verify.VerificationResult;
import dev.ngrpo.rollout.verify.VerifierSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ngrpo score --verifier V --reference R --response TEXT}: one reward, as JSON. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Prints, as JSON, the reward a verifier gives one response (reward = score *"
        + " r_max) and whether it was scored, had no answer in the required format"
        + " (no_answer), was rejected at a safety cap, timed out or failed.")
public final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--verifier", defaultValue = "math",
      description = "arithmetic, math, a VerifierProvider name or a Verifier class name"
          + " (default ${DEFAULT-VALUE})")
  String verifier;

  @Option(names = "--reference", required = true, description = "the ground-truth answer")
  String reference;

  @Option(names = "--response", required = true, description = "the text to score")
  String response;

  @Option(names = "--format", defaultValue = "none",
      description = "required answer format: none or boxed (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--r-max", defaultValue = "1.0", description = "reward of a correct answer")
  float maxReward;

  @Option(names = "--time-limit-ms", defaultValue = "1000", description = "time limit")
  long timeLimitMs;

  @Override
  public Integer call() {
    return Failures.run(() -> VerifierSettings.of(verifier, timeLimitMs,
        AnswerFormat.of(format), Integer.MAX_VALUE), settings -> {
          try (TimeLimitedVerifier v = TimeLimitedVerifier.of(settings)) {
            VerificationResult r = v.verify(response, reference);
            ObjectMapper json = new ObjectMapper();
            ObjectNode out = json.createObjectNode();
            out.put("verifier", verifier);
            out.put("reward", r.score() * maxReward);
            out.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            System.out.println(json.writeValueAsString(out));
            return 0;
          }
        });
  }
}

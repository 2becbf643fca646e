package dev.ngrpo.orchestrator;

import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.train.RunSummary;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.RunOutput;
import dev.ngrpo.orchestrator.train.TrainingLoop;
import dev.ngrpo.orchestrator.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small, fast run configurations for tests: a tiny model on the easy arithmetic level. */
public final class TestRuns {
  private TestRuns() {}

  /** A run writing to {@code output}, with {@code overrides} (HOCON) on top. */
  public static RunConfig config(Path output, String overrides) {
    return config(output.toAbsolutePath().toUri().toString(), overrides);
  }

  /** A run writing to the folder {@code outputUri}, with {@code overrides} (HOCON) on top. */
  public static RunConfig config(String outputUri, String overrides) {
    String base = """
        ngrpo {
          run { name = test, output = "%s", steps = 3, batch-size = 4, seed = 7 }
          spark { master = "local[2,2]", conf { "spark.ui.enabled" = false } }
          model {
            tokenizer = char-arithmetic
            init { hidden-size = 32, intermediate-size = 64, layers = 2, heads = 4,
                   kv-heads = 2, max-positions = 32 }
          }
          rollout { group-size = 4, max-new-tokens = 4, max-batch-size = 16 }
          task { train-size = 60, test-size = 8, arithmetic.level = easy }
          sft { steps = 3, batch-size = 8 }
          learner { mini-batches = 2, optimizer.lr = 1e-3 }
          eval { size = 8, every = 2 }
          checkpoint { every = 1, keep-last = 2 }
        }
        """.formatted(outputUri);
    return RunConfig.of(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString(base)));
  }

  /** Trains {@code config} (resuming it when asked), printing to {@code console}. */
  public static RunSummary train(RunConfig config, boolean resume, List<String> console)
      throws Exception {
    return TrainingLoop.train(config, resume, console::add);
  }

  /** Trains {@code config} (resuming it when asked) and returns the final weights. */
  public static Map<String, HostTensor> finalWeights(RunConfig config, boolean resume)
      throws Exception {
    return finalWeights(config, resume, new ArrayList<>());
  }

  /**
   * Trains {@code config} (resuming it when asked), printing to {@code console}, and returns
   * the final weights.
   */
  public static Map<String, HostTensor> finalWeights(RunConfig config, boolean resume,
      List<String> console) throws Exception {
    try (RunOutput output = RunOutput.claim(config, resume, List.of());
        RunContext context = RunContext.open(config);
        TrainingRun run = TrainingRun.open(context, config, output, console::add)) {
      new TrainingLoop(run, console::add).run();
      return run.policy().toHostTensors();
    }
  }
}

package dev.ngrpo.orchestrator.memory;

import dev.ngrpo.core.memory.ModelWeights;
import dev.ngrpo.core.memory.TrainableParameters;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.Projection;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;

/**
 * The memory plan of a configuration, before Spark starts and without loading a weight: the
 * policy's shape from its {@code config.json} (or a fresh model's {@code ngrpo.model.init}
 * over its tokenizer), the Spark properties the run will have, and this machine. {@code train}
 * calls {@link #require} and exits 2 when the plan does not fit.
 */
public final class MemoryCheck {
  private MemoryCheck() {}

  /** The plan of {@code config} on this machine. */
  public static MemoryPlan plan(RunConfig config) {
    return plan(config, Machine.current());
  }

  /** The plan of {@code config} on {@code machine}. */
  public static MemoryPlan plan(RunConfig config, Machine machine) {
    ModelConfig shape = StartingPolicy.shape(config.model(),
        RunContext.hadoopConfiguration(config));
    Deployment d = Deployment.of(SparkSessions.conf(config.spark()), config.model().device(),
        config.run().gpuMemory(), machine);
    return MemoryPlanner.plan(config, trainedWeights(config, shape), d);
  }

  /**
   * Which parameters the run trains and how the frozen ones are stored: every parameter, or
   * with LoRA ({@code ngrpo.model.lora}) the adapters on the target projections, the model
   * frozen in float32 (the one place that reads it from the configuration).
   */
  static ModelWeights trainedWeights(RunConfig config, ModelConfig shape) {
    LoraSettings lora = config.model().lora();
    if (!lora.enabled()) {
      return ModelWeights.fullF32(shape);
    }
    return new ModelWeights(shape, TrainableParameters.lora(lora.rank(),
        lora.targetModules().stream().map(Projection::named).toList()), ModelWeights.F32);
  }

  /**
   * Refuses {@code config} when {@code ngrpo.run.memory-check} is on and its plan does not fit.
   *
   * @return {@code config}
   * @throws ConfigurationError naming what does not fit, its largest items and the keys that
   *     fix it
   */
  public static RunConfig require(RunConfig config) {
    return require(config, Machine.current());
  }

  /** {@link #require(RunConfig)} on {@code machine}. */
  public static RunConfig require(RunConfig config, Machine machine) {
    if (!config.run().memoryCheck()) {
      return config;
    }
    MemoryPlan plan = plan(config, machine);
    if (!plan.fits()) {
      StringBuilder message = new StringBuilder("the memory plan does not fit (bin/ngrpo plan"
          + " prints it whole; ngrpo.run.memory-check = false skips this check):");
      plan.misfits().forEach(m -> message.append(System.lineSeparator()).append("  - ")
          .append(m.message()));
      throw new ConfigurationError(message.toString());
    }
    return config;
  }
}

package dev.ngrpo.cli;

import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import dev.ngrpo.orchestrator.train.SupervisedWarmStart;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ngrpo sft}: supervised warm start of a model on a task's reference answers. */
@Command(name = "sft", mixinStandardHelpOptions = true,
    description = {"Supervised warm start: trains the starting policy (ngrpo.model) on the train"
        + " split's reference answers (in ngrpo.verifier.format: \\boxed{42} for boxed) for"
        + " ngrpo.sft.steps steps and saves it as a Hugging Face"
        + " folder, for tasks where the base model cannot score yet.",
        "Train from it with --set ngrpo.model.path=OUT."})
public final class SftCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "folder (path or Hadoop URI) to save the warm-started model to")
  String out;

  @Override
  public Integer call() {
    return Failures.run(options::load, config -> {
      if (config.sft().steps() == 0) {
        throw new IllegalArgumentException("ngrpo.sft.steps is 0: nothing to train");
      }
      try (RunContext context = RunContext.open(config);
          StartingPolicy start = StartingPolicy.create(config.model(),
              context.driverDevice(), context.hadoop())) {
        double loss = SupervisedWarmStart.run(start.model(), context.tokenizer(),
            context.data().train(), config.sft(), config.verifier().format(),
            config.run().seed(), System.out::println);
        HadoopModelFiles files = HadoopModelFiles.at(out, context.hadoop());
        ModelFolder.save(start.model(), context.tokenizer(), files, config.model().saveDtype(),
            config.model().maxShardBytes());
        System.out.printf("saved the warm-started model (final loss %.4f) to %s%n", loss, files);
        return 0;
      }
    });
  }
}

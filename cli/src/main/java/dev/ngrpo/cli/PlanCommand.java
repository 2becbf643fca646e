package dev.ngrpo.cli;

import dev.ngrpo.orchestrator.config.RunSettings;
import dev.ngrpo.orchestrator.memory.MemoryCheck;
import dev.ngrpo.orchestrator.memory.MemoryPlan;
import dev.ngrpo.orchestrator.memory.MemoryTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ngrpo plan}: the memory plan of a run, without starting Spark or loading weights. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Prints the memory plan of a run: what the driver and each executor will"
        + " hold (weights, gradients, AdamW, activations, logits, KV cache, published copies)"
        + " on the heap, off it and on a GPU, against each process's memory, with every"
        + " sequence at its longest. Reads the model's config.json, never its weights, and"
        + " starts no Spark.",
        "Exits 0 when the plan fits, 2 when it does not (what train refuses), naming what does"
        + " not fit and the keys that fix it."})
public final class PlanCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--gpu-memory", paramLabel = "SIZE",
      description = "memory of each GPU, e.g. 80g (sets ngrpo.run.gpu-memory): GPU items are"
          + " checked against it, and the learner is planned on a GPU unless"
          + " ngrpo.model.device = cpu")
  String gpuMemory;

  @Override
  public Integer call() {
    List<String> extra = gpuMemory == null ? List.of()
        : List.of(RunSettings.GPU_MEMORY + "=" + gpuMemory);
    return Failures.run(() -> options.load("local.conf", extra), config -> {
      MemoryPlan plan = MemoryCheck.plan(config);
      System.out.print(MemoryTable.render(plan));
      return plan.fits() ? 0 : Failures.CONFIG;
    });
  }
}

package dev.ngrpo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ngrpo.orchestrator.train.EvalResult;
import dev.ngrpo.orchestrator.train.Evaluator;
import dev.ngrpo.orchestrator.train.RunContext;
import dev.ngrpo.orchestrator.train.StartingPolicy;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ngrpo eval}: accuracy and pass@k of a model on the held-out split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluates the policy ngrpo.model names (a Hugging Face folder, e.g. a"
        + " checkpoint's model/ folder) on the held-out split: accuracy and unbiased pass@k"
        + " with ngrpo.eval's samples, temperature and top-p, on Spark. Prints JSON.",
        "Example: ngrpo eval --set ngrpo.model.path=runs/local/checkpoints/step-00000039/model"
        + " --set ngrpo.eval.samples=16 --set ngrpo.eval.temperature=0.6"
        + " --set 'ngrpo.eval.pass-k=[1,4,16]'"})
public final class EvalCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    return Failures.run(options::load, config -> {
      try (RunContext context = RunContext.open(config);
          StartingPolicy policy = StartingPolicy.create(config.model(),
              context.driverDevice(), context.hadoop());
          WeightsPublisher publisher = context.newPublisher()) {
        Evaluator evaluator = context.newEvaluator().orElseThrow(() ->
            new IllegalArgumentException("no held-out prompts: set ngrpo.eval.path, or"
                + " ngrpo.task.test-size > 0 for the built-in task"));
        EvalResult r = evaluator.evaluate("eval", 0, publisher.publish(0, policy.model()));
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(r));
        return 0;
      }
    });
  }
}

package dev.ngrpo.orchestrator.memory;

import dev.ngrpo.core.memory.ModelWeights;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.weights.WeightTransport;
import java.util.List;

/** The lines at the head of a plan that name every figure it is computed from, and its key. */
final class PlanInputs {
  private PlanInputs() {}

  static List<String> lines(RunConfig config, ModelWeights w, Deployment d,
      WeightTransport transport, LearnerItems.Pass pass, int prompt) {
    ModelConfig c = w.config();
    int response = config.rollout().maxNewTokens();
    int room = c.maxPositionEmbeddings() - response;
    String promptSource = prompt < room ? "ngrpo.data.max-prompt-tokens"
        : String.format("the model's %,d positions less the response", c.maxPositionEmbeddings());
    String frozen = w.frozen() == 0 ? ""
        : String.format("; frozen weights %d B a parameter", w.frozenBytesPerParameter());
    int rows = RolloutItems.rows(config);
    return List.of(
        String.format("model: %s, %,d parameters (hidden %d, intermediate %d, %d layers, %d"
            + " heads, %d kv heads, vocabulary %,d%s); trained: %s%s", c.modelType(),
            c.parameterCount(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(),
            c.numAttentionHeads(), c.numKeyValueHeads(), c.vocabSize(),
            c.tieWordEmbeddings() ? ", tied embeddings" : "", w.trainable().describe(), frozen),
        String.format("sequences: prompts up to %,d tokens (%s), responses up to %,d"
            + " (ngrpo.rollout.max-new-tokens)", prompt, promptSource, response),
        String.format("learner: %d rows x %,d tokens per forward pass (%s: %s), KL reference"
            + " %s", pass.rows(), pass.prompt() + pass.response(), pass.label(),
            pass.label().equals("micro-batch") ? microBatchSource(config) : "ngrpo.sft.batch-size",
            config.learner().usesReferenceModel() ? "kept (kl-coef > 0 or PPO's kl-in-reward > 0)" : "none"),
        String.format("rollouts: %d rows per task (ngrpo.rollout.max-batch-size %d, B x G = %d),"
            + " %d at once per %s (%s); weights %s", rows, config.rollout().maxBatchSize(),
            config.run().batchSize() * config.rollout().groupSize(), d.tasksPerExecutor(),
            d.tasksInDriver() ? "driver" : "executor", d.tasksSource(),
            transport.configName()),
        String.format("master %s: learner on %s (ngrpo.model.device = %s), rollouts on %s",
            d.master().isEmpty() ? "(spark-submit's)" : d.master(),
            d.driverOnGpu() ? "a GPU" : "the CPU", config.model().device(),
            d.executorsOnGpu() ? "GPUs (" + d.tasksPerGpu() + " task(s) per GPU)" : "the CPU"));
  }

  private static String microBatchSource(RunConfig config) {
    int micro = config.learner().microBatchSize();
    return micro > 0 ? "ngrpo.learner.micro-batch-size " + micro
        : String.format("micro-batch-size 0: a mini-batch, B %d / mini-batches %d x G %d",
            config.run().batchSize(), config.learner().miniBatches(),
            config.rollout().groupSize());
  }
}

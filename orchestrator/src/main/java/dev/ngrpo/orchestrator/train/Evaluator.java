package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.orchestrator.config.EvalSettings;
import dev.ngrpo.orchestrator.data.PromptSet;
import dev.ngrpo.orchestrator.metrics.PassAtK;
import dev.ngrpo.orchestrator.spark.SparkRollout;
import dev.ngrpo.rollout.worker.PublishedWeights;
import dev.ngrpo.rollout.worker.RolloutJob;
import dev.ngrpo.rollout.worker.RolloutSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy and unbiased pass@k of a policy version on the held-out prompts: each prompt is
 * sampled {@code samples} times with the evaluation's temperature and top-p on the executors
 * (the same rollout path as training, in a seed stream of its own) and verified.
 */
public final class Evaluator {
  /** Salt separating evaluation seeds from training seeds. */
  private static final long EVAL_SALT = 0x2545F4914F6CDD1DL;

  private final SparkRollout rollout;
  private final PromptSet prompts;
  private final EvalSettings eval;
  private final RolloutJob job;

  /**
   * @param trainingJob the training rollout job; evaluation keeps its verifier, tokenizer and
   *     stop tokens and replaces the sampling settings
   */
  public Evaluator(SparkRollout rollout, PromptSet prompts, EvalSettings eval,
      RolloutJob trainingJob) {
    this.rollout = rollout;
    this.prompts = prompts.first(eval.size());
    this.eval = eval;
    RolloutSettings r = trainingJob.rollout();
    RolloutSettings sampling = new RolloutSettings(eval.samples(), eval.temperature(),
        eval.topP(), 0, r.maxNewTokens(), r.maxBatchSize(), r.torchThreads());
    this.job = new RolloutJob(trainingJob.runId(), trainingJob.runSeed() ^ EVAL_SALT, 0,
        sampling, trainingJob.stopIds(), trainingJob.verifier(), trainingJob.tokenizer(),
        trainingJob.frozen());
  }

  /** Evaluates {@code weights} after {@code step} training steps. */
  public EvalResult evaluate(String label, long step, PublishedWeights weights) {
    long start = System.nanoTime();
    List<RolloutGroup> groups = rollout.run("step " + step + ": eval (" + label + ")",
        prompts.tasks(), job.at(step), weights);
    return summarize(label, step, groups, eval, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Accuracy (the share of full scores) and pass@k of evaluated groups; a group with a sample
   * the verifier could not grade is left out and counted, never scored as wrong.
   */
  static EvalResult summarize(String label, long step, List<RolloutGroup> groups,
      EvalSettings eval, double seconds) {
    long correct = 0;
    long total = 0;
    double rewards = 0;
    Map<Integer, Double> passAtK = new LinkedHashMap<>();
    eval.passK().forEach(k -> passAtK.put(k, 0.0));
    int evaluated = 0;
    for (RolloutGroup g : groups) {
      if (g.grading().hasUngraded()) {
        continue;
      }
      evaluated++;
      int c = 0;
      for (float r : g.rewards()) {
        c += r == RolloutGroup.FULL_SCORE ? 1 : 0;
        rewards += r;
      }
      correct += c;
      total += g.groupSize();
      for (int k : eval.passK()) {
        passAtK.merge(k, PassAtK.of(g.groupSize(), c, k), Double::sum);
      }
    }
    int n = Math.max(1, evaluated);
    passAtK.replaceAll((k, sum) -> sum / n);
    return new EvalResult(label, step, evaluated, groups.size() - evaluated, eval.samples(),
        total == 0 ? 0 : (double) correct / total, total == 0 ? 0 : rewards / total, passAtK,
        seconds);
  }
}

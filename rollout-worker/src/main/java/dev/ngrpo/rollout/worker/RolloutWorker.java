package dev.ngrpo.rollout.worker;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.generate.Generation;
import dev.ngrpo.core.generate.Generator;
import dev.ngrpo.core.generate.SamplingSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.rollout.verify.GroupVerification;
import dev.ngrpo.rollout.verify.TimeLimitedVerifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generates and scores the groups of a list of prompt tasks with one policy: the G responses of
 * every prompt are laid out as rows, consecutive rows are generated together in batches of up
 * to {@code max-batch-size} (many groups per forward pass, with the KV cache), each row with
 * the seed of (run seed, step, prompt index, sample index); then each response is decoded and
 * verified.
 *
 * <p>Deterministic: the same tasks, weights and seeds give the same groups (a retried Spark
 * task reproduces its first attempt).
 */
public final class RolloutWorker {
  private final RolloutSettings settings;
  private final SamplingSettings sampling;
  private final Tokenizer tokenizer;
  private final TimeLimitedVerifier verifier;

  /**
   * @param stopIds tokens that end a response (the tokenizer's eos and the template's stops)
   */
  public RolloutWorker(RolloutSettings settings, int[] stopIds, Tokenizer tokenizer,
      TimeLimitedVerifier verifier) {
    this.settings = settings;
    this.sampling = settings.sampling(stopIds);
    this.tokenizer = tokenizer;
    this.verifier = verifier;
  }

  /** The groups of {@code tasks}, in task order. */
  public List<RolloutGroup> rollout(PolicyModel policy, long weightsVersion,
      List<PromptTask> tasks, long runSeed, long step) {
    int g = settings.groupSize();
    int limit = policy.config().maxPositionEmbeddings() - settings.maxNewTokens();
    for (PromptTask t : tasks) {
      if (t.promptTokens().length > limit) {
        throw new IllegalArgumentException("prompt " + t.promptId() + " has "
            + t.promptTokens().length + " tokens; with ngrpo.rollout.max-new-tokens = "
            + settings.maxNewTokens() + " at most " + limit + " fit the model's "
            + "max_position_embeddings = " + policy.config().maxPositionEmbeddings());
      }
    }
    int rows = tasks.size() * g;
    Generation[] generations = new Generation[rows];
    long[] generationNanos = new long[tasks.size()];
    for (int from = 0; from < rows; from += settings.maxBatchSize()) {
      int to = Math.min(rows, from + settings.maxBatchSize());
      int[][] prompts = new int[to - from][];
      long[] seeds = new long[to - from];
      for (int r = from; r < to; r++) {
        PromptTask t = tasks.get(r / g);
        prompts[r - from] = t.promptTokens();
        seeds[r - from] = Seeds.of(runSeed, step, t.promptIndex(), r % g);
      }
      long start = System.nanoTime();
      List<Generation> batch = Generator.generate(policy, prompts, seeds, sampling);
      long perRow = (System.nanoTime() - start) / (to - from);
      for (int r = from; r < to; r++) {
        generations[r] = batch.get(r - from);
        generationNanos[r / g] += perRow;
      }
    }
    List<RolloutGroup> out = new ArrayList<>(tasks.size());
    for (int ti = 0; ti < tasks.size(); ti++) {
      out.add(group(tasks.get(ti), weightsVersion, generations, ti * g, generationNanos[ti]));
    }
    return out;
  }

  private RolloutGroup group(PromptTask t, long version, Generation[] generations, int first,
      long generationNanos) {
    int g = settings.groupSize();
    int[][] tokens = new int[g][];
    float[][] logProbs = new float[g][];
    boolean[] truncated = new boolean[g];
    List<String> texts = new ArrayList<>(g);
    for (int i = 0; i < g; i++) {
      Generation gen = generations[first + i];
      tokens[i] = gen.tokens();
      logProbs[i] = gen.logProbs();
      truncated[i] = gen.truncated();
      texts.add(text(tokenizer, gen.tokens()));
    }
    long start = System.nanoTime();
    GroupVerification v = verifier.verifyGroup(texts, t.referenceAnswer());
    long verificationNanos = System.nanoTime() - start;
    return new RolloutGroup(t.promptId(), t.promptIndex(), t.taskName(), t.promptTokens(),
        version, tokens, logProbs, v.scores(), truncated, generationNanos, verificationNanos,
        v.grading());
  }

  /**
   * The text a verifier reads for {@code tokens}. Ids past the tokenizer's vocabulary have no
   * text and are left out: a model's embedding may be padded beyond its tokenizer (Qwen2.5
   * has 151,936 rows for 151,665 ids), and a policy can sample a padding id. The id stays in
   * the response the learner trains on.
   */
  static String text(Tokenizer tokenizer, int[] tokens) {
    int vocab = tokenizer.vocabSize();
    int[] known = Arrays.stream(tokens).filter(id -> id < vocab).toArray();
    return tokenizer.decode(known, true);
  }
}

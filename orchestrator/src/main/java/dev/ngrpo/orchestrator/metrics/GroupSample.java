package dev.ngrpo.orchestrator.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One group of a training step as a person reads it: a line of {@code samples.jsonl}. Texts
 * are decoded with their special tokens (the prompt as the chat template gave it to the
 * model, a response with the stop token it sampled) and cut at {@value #MAX_CHARS} characters
 * with a marker, so that a run's samples stay a small file whatever the model writes.
 *
 * <p>The verifier grades a group as a whole ({@link dev.ngrpo.core.data.Grading}): a group
 * with ungraded responses says how many, not which; their scores are placeholders, and the
 * group sits out the update.
 *
 * @param step the training step, 0-based
 * @param weightsVersion the policy version that generated the responses
 * @param promptId the prompt's identifier
 * @param task the task whose verifier scored the responses
 * @param prompt the prompt's text, cut
 * @param reference the reference answer the verifier compared with, cut
 * @param trained whether the step trained on the group (the filter kept it within the batch)
 * @param ungraded responses the verifier could not grade
 * @param rejected responses the verifier rejected at its caps (scored 0)
 * @param responses the G responses, in sampling order
 */
public record GroupSample(long step, long weightsVersion, String promptId, String task,
    String prompt, String reference, boolean trained, int ungraded, int rejected,
    List<Response> responses) {
  /** The most characters of a text a line keeps. */
  public static final int MAX_CHARS = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();

  public GroupSample {
    responses = List.copyOf(responses);
  }

  /**
   * One response.
   *
   * @param text its text, cut
   * @param tokens its length in tokens (the stop token included when sampled)
   * @param truncated whether it hit max-new-tokens
   * @param score the verifier's score in [0, 1]
   * @param reward what the learner learns from: score times r_max, overlong-shaped when on
   * @param advantage the advantage each of its tokens received; NaN (null in JSON) when the
   *     group was not trained on
   */
  public record Response(String text, int tokens, boolean truncated, float score, float reward,
      float advantage) {}

  /**
   * The sample of {@code group}, generated at {@code step} for {@code task}.
   *
   * @param rewards {@code [G]} the learner's rewards of the responses
   * @param advantages {@code [G]} their advantages; null when the step did not train on the
   *     group
   */
  public static GroupSample of(long step, RolloutGroup group, PromptTask task,
      Tokenizer tokenizer, float[] rewards, float[] advantages) {
    if (!group.promptId().equals(task.promptId())) {
      throw new IllegalArgumentException("group of prompt " + group.promptId()
          + " paired with the task of prompt " + task.promptId());
    }
    List<Response> responses = new ArrayList<>();
    for (int i = 0; i < group.groupSize(); i++) {
      responses.add(new Response(cut(tokenizer.decode(group.responseTokens()[i], false)),
          group.responseLength(i), group.truncated()[i], group.rewards()[i], rewards[i],
          advantages == null ? Float.NaN : advantages[i]));
    }
    return new GroupSample(step, group.weightsVersion(), group.promptId(), group.taskName(),
        cut(tokenizer.decode(group.promptTokens(), false)), cut(task.referenceAnswer()),
        advantages != null, group.grading().ungraded(), group.grading().rejected(), responses);
  }

  /**
   * {@code text} when it has at most {@value #MAX_CHARS} characters; else its first ones (one
   * fewer rather than half a surrogate pair) and a marker saying how many were cut.
   */
  public static String cut(String text) {
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    return text.substring(0, end) + " [... " + (text.length() - end) + " more characters]";
  }

  /** The line of {@code samples.jsonl}, without its newline. */
  public String json() {
    ObjectNode n = JSON.createObjectNode();
    n.put("step", step);
    n.put("weights.version", weightsVersion);
    n.put("prompt.id", promptId);
    n.put("task", task);
    n.put("prompt", prompt);
    n.put("reference", reference);
    n.put("trained", trained);
    n.put("ungraded", ungraded);
    n.put("rejected", rejected);
    ArrayNode list = n.putArray("responses");
    for (Response r : responses) {
      ObjectNode o = list.addObject();
      o.put("text", r.text());
      o.put("tokens", r.tokens());
      o.put("truncated", r.truncated());
      o.put("score", r.score());
      o.put("reward", r.reward());
      if (Float.isNaN(r.advantage())) {
        o.putNull("advantage");
      } else {
        o.put("advantage", r.advantage());
      }
    }
    return n.toString();
  }
}

package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Prompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerlRowsTest {
  private static final String FILE = "s3a://bucket/math/part-0.parquet";

  private static Map<String, Object> message(String role, String content) {
    return Map.of("role", role, "content", content);
  }

  /** A well-formed verl row; tests copy and break it. */
  private static Map<String, Object> row() {
    Map<String, Object> row = new HashMap<>();
    row.put("prompt", List.of(message("system", "Reason step by step."),
        message("user", "What is 1+1? Put the answer in \\boxed{}.")));
    row.put("reward_model", Map.of("style", "rule", "ground_truth", "2"));
    row.put("data_source", "openai/gsm8k");
    row.put("extra_info", Map.of("index", 7L, "split", "train"));
    return row;
  }

  private static Map<String, Object> row(String key, Object value) {
    Map<String, Object> row = row();
    row.put(key, value);
    return row;
  }

  @Test
  void mapsTheVerlLayout() {
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 1);
    VerlRows rows = new VerlRows("dataset", PromptLimit.none(), bad);
    assertThat(rows.map(row(), FILE, 3, 12)).contains(new Prompt("openai/gsm8k:7", 12,
        "openai/gsm8k", "What is 1+1? Put the answer in \\boxed{}.", "2"));
  }

  @Test
  void lastUserMessageNumericTruthAndDefaults() {
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 1);
    VerlRows rows = new VerlRows("dataset", PromptLimit.none(), bad);
    Map<String, Object> r = row("prompt", List.of(message("user", "first"),
        message("assistant", "an answer"), message("user", "second")));
    r.put("reward_model", Map.of("ground_truth", 42L));
    r.remove("data_source");
    r.remove("extra_info");
    assertThat(rows.map(r, FILE, 3, 0))
        .contains(new Prompt("part-0.parquet:3", 0, "dataset", "second", "42"));
  }

  @Test
  void badRowsInSkipModeAreCountedByReason() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 2);
    VerlRows rows = new VerlRows("dataset", PromptLimit.of(String::length, 100), bad);
    List<Map<String, Object>> input = new ArrayList<>();
    input.add(row()); // 0 good
    input.add(row("prompt", "What is 1+1?")); // 1 WRONG_TYPE: a string, not a chat
    input.add(row("prompt", List.of(message("system", "s")))); // 2 MISSING_PROMPT: no user
    input.add(row("prompt", List.of(Map.of("role", "user")))); // 3 WRONG_TYPE: no content
    input.add(row("prompt", List.of(message("user", " ")))); // 4 EMPTY_PROMPT
    input.add(row("prompt", List.of(message("user", "x".repeat(101))))); // 5 PROMPT_TOO_LONG
    Map<String, Object> noReward = row();
    noReward.remove("reward_model");
    input.add(noReward); // 6 MISSING_ANSWER
    input.add(row("reward_model", Map.of("style", "rule"))); // 7 MISSING_ANSWER: no truth
    input.add(row("reward_model", Map.of("ground_truth", List.of("2")))); // 8 WRONG_TYPE
    input.add(row("reward_model", Map.of("ground_truth", ""))); // 9 EMPTY_ANSWER
    input.add(row("data_source", 5)); // 10 WRONG_TYPE
    input.add(row("extra_info", Map.of("index", 1.5))); // 11 WRONG_TYPE: index not integral
    input.add(row("reward_model", "2")); // 12 WRONG_TYPE: not a struct
    Map<String, Object> noPrompt = row();
    noPrompt.remove("prompt");
    input.add(noPrompt); // 13 MISSING_PROMPT
    input.add(row("extra_info", Map.of("index", "abc-1"))); // 14 good: string index

    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      rows.map(input.get(i), FILE, i, prompts.size()).ifPresent(prompts::add);
    }

    assertThat(prompts).extracting(Prompt::id).containsExactly("openai/gsm8k:7",
        "openai/gsm8k:abc-1");
    assertThat(prompts).extracting(Prompt::index).containsExactly(0L, 1L);
    // 13 bad rows: 1..13; WRONG_TYPE at 1, 3, 8, 10, 11, 12; MISSING_PROMPT at 2, 13;
    // MISSING_ANSWER at 6, 7; one each of EMPTY_PROMPT, PROMPT_TOO_LONG, EMPTY_ANSWER.
    assertThat(bad.total()).isEqualTo(13);
    assertThat(bad.counts()).isEqualTo(Map.of(
        BadRowReason.WRONG_TYPE, 6L,
        BadRowReason.MISSING_PROMPT, 2L,
        BadRowReason.MISSING_ANSWER, 2L,
        BadRowReason.EMPTY_PROMPT, 1L,
        BadRowReason.PROMPT_TOO_LONG, 1L,
        BadRowReason.EMPTY_ANSWER, 1L));
    assertThat(bad.examples()).containsExactly(
        new BadRow(FILE, "row", 1, BadRowReason.WRONG_TYPE,
            "'prompt' must be a list of chat messages, got string What is 1+1?"),
        new BadRow(FILE, "row", 2, BadRowReason.MISSING_PROMPT,
            "the chat in 'prompt' has no user message"));
  }

  @Test
  void aNullMessageInTheChatIsAWrongTypeNotACrash() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 1);
    VerlRows rows = new VerlRows("dataset", PromptLimit.none(), bad);
    List<Object> chat = new ArrayList<>();
    chat.add(message("user", "q"));
    chat.add(null); // Parquet arrays may hold nulls
    assertThat(rows.map(row("prompt", chat), FILE, 1, 0)).isEmpty();
    assertThat(bad.examples()).containsExactly(new BadRow(FILE, "row", 1,
        BadRowReason.WRONG_TYPE, "'prompt[1]' must be a message with string 'role' and"
        + " 'content', got null"));
  }

  @Test
  void numericTruthIsWrittenInPlainNotation() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 5);
    VerlRows rows = new VerlRows("dataset", PromptLimit.none(), bad);
    Object[] truths = {1e-7, 2.0, 2.5, 1e21, 0.1f, new java.math.BigDecimal("1.00E-7"),
        new java.math.BigDecimal("2.50"), 42L, new java.math.BigInteger("123456789012345678901"),
        Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < truths.length; i++) {
      Map<String, Object> r = row("reward_model", Map.of("ground_truth", truths[i]));
      r.put("extra_info", Map.of("index", (long) i));
      rows.map(r, FILE, i, answers.size()).ifPresent(p -> answers.add(p.referenceAnswer()));
    }
    assertThat(answers).containsExactly("0.0000001", "2", "2.5", "1000000000000000000000", "0.1",
        "0.000000100", "2.50", "42", "123456789012345678901");
    // NaN and the infinities are not answers
    assertThat(bad.counts()).isEqualTo(Map.of(BadRowReason.WRONG_TYPE, 3L));
    assertThat(bad.examples().get(0).detail()).isEqualTo(
        "'reward_model.ground_truth' must be a string or a finite number, got double NaN");
  }

  @Test
  void failModeStopsAtTheFirstBadRow() {
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 5);
    VerlRows rows = new VerlRows("dataset", PromptLimit.none(), bad);
    assertThat(rows.map(row(), FILE, 0, 0)).isPresent();
    assertThatThrownBy(() -> rows.map(row("reward_model", Map.of("ground_truth", " ")), FILE, 1,
        1)).isInstanceOf(BadRowException.class)
        .hasMessageContaining("s3a://bucket/math/part-0.parquet row 1: EMPTY_ANSWER")
        .hasMessageContaining("on-bad-row = fail");
  }
}

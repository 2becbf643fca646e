package dev.ngrpo.orchestrator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.data.Prompt;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A repeated prompt id is a bad row; the first kept row keeps it, across the files of a read. */
class DuplicateIdsTest {

  private static ByteArrayInputStream lines(String... lines) {
    return new ByteArrayInputStream((String.join("\n", lines) + "\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonlKeepsTheFirstRowOfAnIdOverEveryFileOfTheRead() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 5);
    JsonlRows rows = new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad);
    List<Prompt> prompts = new ArrayList<>(rows.read(lines(
        "{\"id\":\"a\",\"prompt\":\"p1\",\"answer\":\"1\"}", // 1 kept
        "{\"id\":\"a\",\"prompt\":\"p2\",\"answer\":\"2\"}", // 2 DUPLICATE_ID of line 1
        "{\"id\":\"b\",\"prompt\":\"\",\"answer\":\"3\"}", // 3 EMPTY_PROMPT: does not claim b
        "{\"id\":\"b\",\"prompt\":\"p4\",\"answer\":\"4\"}", // 4 kept: first good b
        "{\"id\":7,\"prompt\":\"p5\",\"answer\":\"5\"}"), // 5 kept: id "7"
        "one.jsonl", 0));
    prompts.addAll(rows.read(lines(
        "{\"id\":\"7\",\"prompt\":\"p6\",\"answer\":\"6\"}", // 1 DUPLICATE_ID: "7" = 7
        "{\"id\":\"c\",\"prompt\":\"p7\",\"answer\":\"7\"}", // 2 kept
        "{\"id\":\"b\",\"prompt\":\"p8\",\"answer\":\"8\"}"), // 3 DUPLICATE_ID of one.jsonl 4
        "two.jsonl", prompts.size()));

    assertThat(prompts).containsExactly(
        new Prompt("a", 0, "t", "p1", "1"),
        new Prompt("b", 1, "t", "p4", "4"),
        new Prompt("7", 2, "t", "p5", "5"),
        new Prompt("c", 3, "t", "p7", "7"));
    // 4 bad rows: one empty prompt, three duplicates.
    assertThat(bad.counts()).isEqualTo(
        Map.of(BadRowReason.DUPLICATE_ID, 3L, BadRowReason.EMPTY_PROMPT, 1L));
    assertThat(bad.examples()).containsExactly(
        new BadRow("one.jsonl", "line", 2, BadRowReason.DUPLICATE_ID,
            "id 'a' was already used by one.jsonl line 1; the first is kept"),
        new BadRow("one.jsonl", "line", 3, BadRowReason.EMPTY_PROMPT, "the prompt is blank"),
        new BadRow("two.jsonl", "line", 1, BadRowReason.DUPLICATE_ID,
            "id '7' was already used by one.jsonl line 5; the first is kept"),
        new BadRow("two.jsonl", "line", 3, BadRowReason.DUPLICATE_ID,
            "id 'b' was already used by one.jsonl line 4; the first is kept"));
  }

  @Test
  void separateReadsDoNotShareIds() {
    // The eval split is read by its own reader: the same ids there are not duplicates.
    for (int read = 0; read < 2; read++) {
      BadRows bad = new BadRows(BadRowPolicy.FAIL, 1);
      assertThat(new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad)
          .read(lines("{\"id\":\"a\",\"prompt\":\"p\",\"answer\":\"1\"}"), "f.jsonl", 0))
          .extracting(Prompt::id).containsExactly("a");
    }
  }

  @Test
  void failModeStopsAtTheDuplicateNamingBothRows() {
    BadRows bad = new BadRows(BadRowPolicy.FAIL, 1);
    JsonlRows rows = new JsonlRows(JsonlFields.DEFAULT, "t", PromptLimit.none(), bad);
    assertThatThrownBy(() -> rows.read(lines(
        "{\"id\":\"q\",\"prompt\":\"p1\",\"answer\":\"1\"}",
        "{\"id\":\"r\",\"prompt\":\"p2\",\"answer\":\"2\"}",
        "{\"id\":\"q\",\"prompt\":\"p3\",\"answer\":\"3\"}"), "hdfs://nn/d/f.jsonl", 0))
        .isInstanceOf(BadRowException.class)
        .hasMessageStartingWith("bad row in hdfs://nn/d/f.jsonl line 3: DUPLICATE_ID: id 'q'"
            + " was already used by hdfs://nn/d/f.jsonl line 1");
  }

  @Test
  void verlIdsFromDataSourceAndIndexMustBeUnique() {
    BadRows bad = new BadRows(BadRowPolicy.SKIP, 5);
    VerlRows rows = new VerlRows("dataset", PromptLimit.none(), bad);
    List<Map<String, Object>> input = List.of(
        verl("gsm8k", 1L), // row 1 kept: gsm8k:1
        verl("gsm8k", 2L), // row 2 kept
        verl("math", 1L), // row 3 kept: math:1, another source
        verl("gsm8k", 1L), // row 4 DUPLICATE_ID of row 1
        verl("gsm8k", "1")); // row 5 DUPLICATE_ID: the string index "1" names gsm8k:1 too
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      rows.map(input.get(i), "part-0.parquet", i + 1, prompts.size()).ifPresent(prompts::add);
    }
    assertThat(prompts).extracting(Prompt::id).containsExactly("gsm8k:1", "gsm8k:2", "math:1");
    assertThat(bad.counts()).isEqualTo(Map.of(BadRowReason.DUPLICATE_ID, 2L));
    assertThat(bad.examples()).extracting(BadRow::detail).containsExactly(
        "id 'gsm8k:1' was already used by part-0.parquet row 1; the first is kept",
        "id 'gsm8k:1' was already used by part-0.parquet row 1; the first is kept");
  }

  private static Map<String, Object> verl(String source, Object index) {
    return Map.of(
        "prompt", List.of(Map.of("role", "user", "content", "q " + source + index)),
        "reward_model", Map.of("ground_truth", "1"),
        "data_source", source,
        "extra_info", Map.of("index", index));
  }
}

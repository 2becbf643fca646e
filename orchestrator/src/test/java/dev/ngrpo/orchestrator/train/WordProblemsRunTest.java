package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.VerlParquet;
import dev.ngrpo.orchestrator.metrics.RunLog;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.task.Split;
import dev.ngrpo.orchestrator.task.Task;
import dev.ngrpo.orchestrator.task.Tasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's pipeline in miniature, end to end (conf/words.conf at a test's size): the built-in
 * word problems written as verl Parquet, read back through the dataset path, ChatML, a
 * warm start on {@code \boxed{}} answers, NGRPO steps scored by the {@code math} verifier in
 * {@code boxed} format, and every step logging the verifier's ungraded count and format-failure
 * rate. Whether it learns is docs/results.md's question, not this test's.
 */
class WordProblemsRunTest {
  @TempDir
  Path dir;

  @Test
  void promptsWrittenAsParquetTrainWithTheMathVerifierAndLogTheFormatFailures()
      throws Exception {
    String train = dir.resolve("data/train").toUri().toString();
    String test = dir.resolve("data/test").toUri().toString();
    RunConfig config = TestRuns.config(dir.resolve("run"), """
        ngrpo {
          model { tokenizer = char, chat-template = chatml, init.max-positions = 192 }
          task { name = word-problems, train-size = 40, test-size = 8 }
          data { format = parquet, path = "%s" }
          eval { path = "%s", every = 0 }
          verifier { name = math, format = boxed }
          rollout.max-new-tokens = 12
        }
        """.formatted(train, test));
    Task words = Tasks.create(config.task());
    List<Prompt> trainPrompts = words.prompts(Split.TRAIN);
    SparkSession spark = SparkSessions.start(config.spark());
    try {
      VerlParquet.write(trainPrompts, "train", train, spark);
      VerlParquet.write(words.prompts(Split.TEST), "test", test, spark);
    } finally {
      spark.stop();
    }

    RunSummary summary = TestRuns.train(config, false, new ArrayList<>());

    assertThat(summary.stepsDone()).isEqualTo(3);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.resolve("run").toUri());
    List<JsonNode> steps = RunLog.records(fs, out, RunLog.METRICS);
    assertThat(steps).hasSize(3).allSatisfy(s -> {
      assertThat(s.get(MetricNames.FORMAT_FAILURES).asDouble()).isBetween(0.0, 1.0);
      assertThat(s.get(MetricNames.VERIFIER_UNGRADED).asInt()).isZero();
    });
    // held out: the 8 prompts of the test file, evaluated before and after
    assertThat(RunLog.records(fs, out, RunLog.EVALS)).hasSize(2)
        .allSatisfy(e -> assertThat(e.get("prompts").asInt()).isEqualTo(8));
    // the policy saw the story from the file inside ChatML's user turn
    JsonNode sample = RunLog.records(fs, out, RunLog.SAMPLES).get(0);
    assertThat(sample.get("prompt.id").asText()).startsWith("word-problems:");
    assertThat(sample.get("prompt").asText()).startsWith("<|im_start|>user\n")
        .contains(" Put the final answer in \\boxed{}.<|im_end|>\n<|im_start|>assistant\n");
  }
}

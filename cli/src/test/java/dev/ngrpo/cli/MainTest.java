package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkContext$;
import org.junit.jupiter.api.Test;

/** The command line's exit codes and messages, run in-process. */
class MainTest {
  /** Exit code, stdout and stderr of one command line. */
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.commandLine().execute(args);
      return new Result(code, o.toString(StandardCharsets.UTF_8),
          e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void aClusterModeDriverThrowsTheFailureNamingTheKeyAndReturnsOnSuccess() {
    java.util.Properties cluster = new java.util.Properties();
    cluster.setProperty("spark.submit.deployMode", "cluster");
    assertThat(DriverExit.of(cluster)).isEqualTo(DriverExit.HOSTED);
    cluster.setProperty("spark.submit.deployMode", "client");
    assertThat(DriverExit.of(cluster)).isEqualTo(DriverExit.PROCESS);
    assertThat(DriverExit.of(new java.util.Properties())).isEqualTo(DriverExit.PROCESS);

    Main.Outcome bad = Main.run("train", "--set", "ngrpo.run.stepz=3");
    assertThat(bad.code()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverExit.HOSTED.end(bad))
        .isInstanceOf(CommandFailure.class)
        .hasMessageStartingWith("configuration error:").hasMessageContaining("ngrpo.run.stepz")
        .hasCauseInstanceOf(com.typesafe.config.ConfigException.class)
        .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(2));
    // a usage error has no exception behind it: the code is in the message
    Main.Outcome usage = Main.run("train", "--no-such-option");
    assertThat(usage.code()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverExit.HOSTED.end(usage))
        .hasMessageContaining("exit code 2");
    Main.Outcome help = Main.run("--help");
    assertThat(help.code()).isZero();
    DriverExit.HOSTED.end(help);
  }

  @Test
  void aMisspelledKeyExitsTwoNamingIt() {
    Result r = run("train", "--set", "ngrpo.run.stepz=3");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("configuration error").contains("ngrpo.run.stepz")
        .contains("unknown configuration key");
  }

  @Test
  void aBadValueExitsTwoNamingTheKeyAndValue() {
    Result r = run("train", "--set", "ngrpo.learner.algorithm.clip-low=1.5");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ngrpo.learner.algorithm.clip-low").contains("1.5");
    Result type = run("train", "--set", "ngrpo.run.steps=many");
    assertThat(type.code()).isEqualTo(2);
    assertThat(type.err()).contains("ngrpo.run.steps");
  }

  @Test
  void aBadSparkMasterOrMethodKeyExitsTwoBeforeSparkStarts() {
    Result r = run("train", "--set", "ngrpo.spark.master=locl[2]");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("configuration error").contains("ngrpo.spark.master")
        .contains("'locl[2]'");
    Result method = run("experiment", "--set",
        "ngrpo.experiment.methods=[{name=a, presett=grpo}]");
    assertThat(method.code()).isEqualTo(2);
    assertThat(method.err()).contains("ngrpo.experiment.methods[0].presett")
        .contains("unknown key");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
  }

  @Test
  void inputsKnownBeforeSparkStartsExitTwoNamingTheKey() {
    String[][] cases = {
        // once silently ignored: the run went its full length
        {"run.steps=5", "'run.steps'", "did you mean ngrpo.run.steps?"},
        {"spark.executor.memory=4g", "'spark.executor.memory'", "ngrpo.spark.conf"},
        {"ngrpo.rollout.group-size=1", "ngrpo.rollout.group-size",
            "must be at least 2 for the advantage estimator 'ngrpo'"},
        {"ngrpo.rollout.temperature=0", "ngrpo.rollout.temperature", "for training rollouts"},
        {"ngrpo.model.path=/no/such/model", "ngrpo.model.path",
            "'/no/such/model' does not exist"},
    };
    for (String[] c : cases) {
      Result r = run("train", "--set", c[0]);
      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).contains("configuration error").contains(c[1]).contains(c[2]);
      assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as(c[0]).isTrue();
    }
  }

  @Test
  void aDatasetOfMostlyBadRowsExitsTwoWithTheCountsTheFileAndTheKey(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path data = java.nio.file.Files.writeString(dir.resolve("train.jsonl"), """
        {"prompt": "1+1=", "answer": "2"}
        {"question": "2+2=", "answer": "4"}
        """);
    Result r = run("train", "--set", "ngrpo.data.format=jsonl",
        "--set", "ngrpo.data.path=" + data.toUri(),
        "--set", "ngrpo.run.output=" + dir.resolve("run").toUri(),
        "--set", "ngrpo.spark.master=local[1]",
        "--set", "ngrpo.spark.conf.\"spark.ui.enabled\"=false");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("configuration error").contains("ngrpo.data.max-bad-fraction")
        .contains("1 of the 2 rows of " + data.toUri() + " are bad (0.500, above 0.1):"
            + " {MISSING_PROMPT=1}");
    assertThat(r.out()).doesNotContain("step 1/");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("Spark stopped").isTrue();
  }

  @Test
  void planPrintsTheTableAndExitsTwoWhenItDoesNotFit() {
    Result r = run("plan");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("memory plan (every sequence at its longest)")
        .contains("driver, running the rollout tasks").contains("trained weights")
        .contains("KV cache").contains("verdict: fits");
    Result tight = run("plan", "--set", "ngrpo.spark.master=yarn",
        "--set", "ngrpo.spark.conf.\"spark.executor.memoryOverhead\"=1m");
    assertThat(tight.code()).isEqualTo(2);
    assertThat(tight.out()).contains("verdict: does not fit")
        .contains("executor off-heap needs").contains("(spark.executor.memoryOverhead)")
        .contains("ngrpo.rollout.max-batch-size")
        .contains("raise spark.executor.memoryOverhead to at least");
    Result gpu = run("plan", "--gpu-memory", "80g");
    assertThat(gpu.out()).contains("learner on a GPU").contains("of 80.0 GiB");
    Result bad = run("plan", "--gpu-memory", "lots");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("ngrpo.run.gpu-memory").contains("lots");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
  }

  @Test
  void trainRefusesAPlanThatDoesNotFitBeforeSparkStarts(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path out = dir.resolve("run");
    String[] args = {"train", "--set", "ngrpo.spark.master=spark://127.0.0.1:7077",
        "--set", "ngrpo.spark.conf.\"spark.executor.memoryOverhead\"=1m",
        "--set", "ngrpo.run.output=" + out.toUri()};
    Result r = run(args);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("configuration error: the memory plan does not fit")
        .contains("executor off-heap needs").contains("spark.executor.memoryOverhead")
        .contains("ngrpo.run.memory-check = false");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
    assertThat(out).doesNotExist();
    // the process's own exit code, and nothing of Spark in its output
    ChildJvm child = ChildJvm.run(dir.resolve("train.log"), args);
    assertThat(child.exitCode()).as(child.output()).isEqualTo(2);
    assertThat(child.output()).contains("the memory plan does not fit")
        .doesNotContain("starting Spark").doesNotContain("SparkContext");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingFileExitsTwoNamingIt() {
    Result r = run("train", "/no/such/run.conf");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("/no/such/run.conf").contains("does not exist");
  }

  @Test
  void anUnknownVerifierExitsTwoBeforeSparkStarts() {
    Result r = run("train", "--set", "ngrpo.verifier.name=no-such-verifier");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no-such-verifier").contains("arithmetic").contains("math");
    assertThat(SparkContext$.MODULE$.getActive().isEmpty()).as("no Spark context").isTrue();
  }

  @Test
  void advantagesPrintsThePresetsNumbers() {
    Result r = run("advantages", "--preset", "ngrpo", "--rewards", "0,0,0,0,0,0,0,0");
    assertThat(r.code()).isZero();
    // all-wrong group of 8 with one virtual r_max sample: every advantage -1/3 (eps 1e-6)
    assertThat(r.out()).contains("\"estimator\":\"ngrpo\"").contains("-0.33333");
    Result grpo = run("advantages", "--preset", "grpo", "--rewards", "0,0,0,0");
    assertThat(grpo.out()).contains("\"advantages\":[0.0,0.0,0.0,0.0]");
    // keys are full keys, as in every command; the old bare form still works, with a warning
    Result k2 = run("advantages", "--preset", "ngrpo", "--rewards", "1,0",
        "--set", "ngrpo.learner.algorithm.virtual-samples=2");
    assertThat(k2.out()).contains("\"virtual_samples\":2");
    assertThat(k2.err()).isEmpty();
    Result bare = run("advantages", "--preset", "ngrpo", "--rewards", "1,0",
        "--set", "virtual-samples=2");
    assertThat(bare.out()).contains("\"virtual_samples\":2");
    assertThat(bare.err()).contains("deprecated")
        .contains("ngrpo.learner.algorithm.virtual-samples");
    Result outside = run("advantages", "--rewards", "1,0", "--set", "ngrpo.run.steps=5");
    assertThat(outside.code()).isEqualTo(2);
    assertThat(outside.err()).contains("ngrpo.run.steps");
    Result typo = run("advantages", "--rewards", "1,0",
        "--set", "ngrpo.learner.algorithm.virtual-sample=2");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("ngrpo.learner.algorithm.virtual-sample");
    Result bad = run("advantages", "--preset", "ppo", "--rewards", "1,0");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("ppo").contains("ngrpo");
  }

  @Test
  void scorePrintsTheReward() {
    Result r = run("score", "--verifier", "math", "--reference", "\\frac{1}{2}", "--response",
        "so the answer is \\boxed{0.5}");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("\"reward\":1.0").contains("\"status\":\"scored\"");
    Result wrong = run("score", "--verifier", "arithmetic", "--reference", "42", "--response",
        "41");
    assertThat(wrong.out()).contains("\"reward\":0.0").contains("\"status\":\"scored\"");
    Result unboxed = run("score", "--verifier", "math", "--format", "boxed", "--reference",
        "42", "--response", "42");
    assertThat(unboxed.out()).contains("\"reward\":0.0").contains("\"status\":\"no_answer\"");
  }

  @Test
  void theQuickExperimentRunsTheShippedConfiguration(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    Result r = run("experiment", "../conf/experiment.conf", "--quick",
        "--set", "ngrpo.run.output=" + dir.resolve("exp").toUri(),
        "--set", "ngrpo.spark.conf.\"spark.ui.enabled\"=false");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("| ngrpo |", "| ppo |", "| ngrpo-uncalibrated |",
        "| dapo-compute-matched |", "## Differences to grpo", "With 1 seed there is no spread");
    assertThat(dir.resolve("exp/results.json")).exists();
  }

  @Test
  void benchModelRejectsAnUnknownShapeNamingTheKnownOnes() {
    Result r = run("bench-model", "--shapes", "default,qwen-7b");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(
        "unknown shape 'qwen-7b' in --shapes; known: default, wide, qwen2.5-0.5b");
    assertThat(r.out()).doesNotContain("tokens/s");
  }

  @Test
  void benchLoraComparesBothVariantsOnASmallShape() {
    Result r = run("bench-lora", "--shape", "default", "--rank", "2", "--batch", "2",
        "--length", "12", "--repeats", "1", "--rollout-rows", "2", "--new-tokens", "2");
    assertThat(r.code()).as(r.err()).isZero();
    // rank 2 on the seven projections of 4 blocks (hidden 128, key/value 64, MLP 384):
    // 4 x 2 x ((128 + 128) + 2 x (128 + 64) + (128 + 128) + 3 x (128 + 384)) = 19,456
    assertThat(r.out()).containsPattern("LoRA r2 +19,456 ").containsPattern("full +792,192 ")
        .containsPattern("merged +\\d+ tokens/s").containsPattern("unmerged +\\d+ tokens/s");
    assertThat(run("bench-lora", "--shape", "qwen-7b").err())
        .contains("unknown shape 'qwen-7b' in --shape; known: default, wide, qwen2.5-0.5b");
    assertThat(run("bench-lora", "--length", "8").err())
        .contains("--length must exceed the 8 prompt tokens, got 8");
  }

  @Test
  void benchLearnerSplitsTheStepOfBothPresetsAndTimesTheCriticOfPpoOnly() {
    Result r = run("bench-learner", "--shape", "default", "--groups", "2", "--group-size", "2",
        "--length", "16", "--repeats", "1");
    assertThat(r.code()).as(r.err()).isZero();
    String seconds = " +\\d+\\.\\d{3}";
    // ngrpo trains no critic: its critic columns are dashes
    assertThat(r.out()).containsPattern("\\nngrpo +792,192 +-" + seconds.repeat(5) + " +-"
        + " +-?\\d+\\.\\d{3} +- +[\\d,]+ +\\d+\\.\\d\\d\\n");
    // PPO's critic: the policy's 792,192 less the untied LM head (18 x 128 = 2,304) plus the
    // score head's 128 weights and its bias = 790,017
    assertThat(r.out()).containsPattern("\\nppo +792,192 +790,017" + seconds.repeat(6)
        + " +-?\\d+\\.\\d{3} +\\d+\\.\\d% +[\\d,]+ +\\d+\\.\\d\\d\\n");
    Result unknown = run("bench-learner", "--presets", "ngrpo,foo");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains(
        "unknown preset 'foo' in --presets; known: dapo, dr-grpo, grpo, ngrpo, ppo, w-reinforce");
    Result single = run("bench-learner", "--group-size", "1");
    assertThat(single.code()).isEqualTo(2);
    assertThat(single.err()).contains("--group-size at least 2");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"train", "plan", "sft", "eval", "report", "advantages",
        "score", "bench-model", "bench-lora", "bench-learner", "bench-plan", "doctor",
        "experiment", "make-data"}) {
      Result r = run(command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).as(command).contains("Usage: ngrpo " + command);
    }
    // each command that reads a run file names its own default
    assertThat(run("experiment", "--help").out()).contains("conf/experiment.conf");
    assertThat(run("train", "--help").out()).contains("conf/local.conf");
  }
}

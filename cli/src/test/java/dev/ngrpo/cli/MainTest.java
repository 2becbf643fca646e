package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    assertThat(wrong.out()).contains("\"reward\":0.0");
  }

  @Test
  void theQuickExperimentRunsTheShippedConfiguration(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    Result r = run("experiment", "../conf/experiment.conf", "--quick",
        "--set", "ngrpo.run.output=" + dir.resolve("exp").toUri(),
        "--set", "ngrpo.spark.conf.\"spark.ui.enabled\"=false");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("| ngrpo |", "| ngrpo-uncalibrated |",
        "Difference of final accuracy to ngrpo");
    assertThat(dir.resolve("exp/results.json")).exists();
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"train", "sft", "eval", "report", "advantages", "score",
        "bench-model", "doctor", "experiment"}) {
      Result r = run(command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).as(command).contains("Usage: ngrpo " + command);
    }
    // each command that reads a run file names its own default
    assertThat(run("experiment", "--help").out()).contains("conf/experiment.conf");
    assertThat(run("train", "--help").out()).contains("conf/local.conf");
  }
}

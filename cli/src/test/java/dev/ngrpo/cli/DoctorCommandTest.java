package dev.ngrpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.spark.ExecutorSurvey;
import dev.ngrpo.orchestrator.spark.JvmReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code doctor}: this JVM, and with {@code --executors} every executor, alike. */
class DoctorCommandTest {
  private static final String NO_UI = "ngrpo.spark.conf.\"spark.ui.enabled\"=false";

  @Test
  void printsThisJvmAndWithExecutorsEachExecutorTheSameWay() {
    MainTest.Result local = MainTest.run("doctor");
    assertThat(local.code()).as(local.err()).isZero();
    assertThat(local.out()).contains("spark.version          4.2.0\n")
        .contains("engine                 PyTorch 2.7.1\n")
        .contains("flavor                 cpu\n")
        .contains("ai.djl.offline         true\n")
        .doesNotContain("executor");

    MainTest.Result all = MainTest.run("doctor", "--executors", "--set",
        "ngrpo.spark.master=local[2]", "--set", NO_UI, "--timeout", "60");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out()).startsWith(local.out().substring(0, local.out().indexOf("host")))
        .containsPattern("\nexecutor driver \\(127\\.0\\.0\\.1:[0-9]+\\)\n  host ")
        .contains("\n  engine                 PyTorch 2.7.1\n")
        .contains("\n  spark gpus             (none assigned to the task)\n")
        .contains("\n  ai.djl.offline         true\n")
        .endsWith("\nexecutors of local[2]: 1 of 1 answered\n");
  }

  @Test
  void executorOptionsWithoutExecutorsAndABadTimeoutAreUsageErrors() {
    MainTest.Result alone = MainTest.run("doctor", "--timeout", "5");
    assertThat(alone.code()).isEqualTo(2);
    assertThat(alone.err()).startsWith("CONFIG, --set and --timeout only matter with"
        + " --executors: add it, or leave them out");
    MainTest.Result zero = MainTest.run("doctor", "--executors", "--timeout", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).startsWith("--timeout must be at least 1 second, got 0");
  }

  @Test
  void theSummaryNamesWhatDidNotAnswerNeverRegisteredOrCouldNotLoadTheEngine() {
    JvmReport ok = report("1", "");
    JvmReport broken = report("2", "java.lang.UnsatisfiedLinkError: libtorch_cuda.so");
    assertThat(DoctorCommand.summary(new ExecutorSurvey.Result("yarn", 2, List.of(ok, ok),
        List.of()), 300)).isEqualTo("executors of yarn: 2 of 2 answered");
    // 4 asked for: 2 answered, 1 registered and silent, so 1 never registered
    assertThat(DoctorCommand.summary(new ExecutorSurvey.Result("yarn", 4, List.of(ok, broken),
        List.of("node-c:40123")), 300)).isEqualTo("executors of yarn: 2 of 4 answered;"
            + " no answer within 300 s (--timeout) from node-c:40123; 1 never registered;"
            + " the engine did not load on executor 2");
  }

  private static JvmReport report(String id, String problem) {
    return new JvmReport(id, "node-" + id + ":40000", "node-" + id, "PyTorch 2.7.1", "cu128",
        "/cache/pytorch/2.7.1-cu128-linux-x86_64", 1, List.of("0"), "/cache", "true",
        "OpenJDK 64-Bit Server VM 17", 8, problem);
  }
}

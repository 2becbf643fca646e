package dev.ngrpo.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
  @TempDir
  Path dir;

  /** A program that spins until it has used a second of CPU, says so, and waits. */
  private static final String SPINNER = """
      public class Spinner {
        public static void main(String[] args) throws Exception {
          var bean = java.lang.management.ManagementFactory.getThreadMXBean();
          long x = 0;
          while (bean.getCurrentThreadCpuTime() < 1_000_000_000L) {
            x += System.nanoTime() % 7;
          }
          System.out.println("spun " + (x >= 0));
          System.in.read();
        }
      }
      """;

  @Test
  void countsTheCpuOfChildJvms() throws Exception {
    Path source = Files.writeString(dir.resolve("Spinner.java"), SPINNER);
    String java = ProcessHandle.current().info().command().orElseThrow();
    double before = ProcessCpu.familySeconds();
    Process child = new ProcessBuilder(java, source.toString()).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("spun true");
      double childSeconds = child.toHandle().info().totalCpuDuration().orElseThrow()
          .toNanos() / 1e9;
      double after = ProcessCpu.familySeconds();
      // the child spun for a second of CPU while this JVM waited on its output
      assertThat(childSeconds).isGreaterThanOrEqualTo(1.0);
      assertThat(after - before).isGreaterThanOrEqualTo(childSeconds);
    } finally {
      child.destroy();
      child.waitFor();
    }
    assertThat(child.toHandle().isAlive()).isFalse();
  }
}

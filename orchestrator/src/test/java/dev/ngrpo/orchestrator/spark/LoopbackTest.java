package dev.ngrpo.orchestrator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.orchestrator.config.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The embedded configuration listens on 127.0.0.1 only: every TCP socket this JVM listens on
 * while a local Spark session (UI included) runs has a loopback address. Reads Linux's
 * /proc/net/tcp[6] and the process's socket inodes.
 */
class LoopbackTest {
  @Test
  void everyListenerOfALocalSessionIsOnLoopback() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/net/tcp")),
        "needs Linux /proc");
    RunConfig config = RunConfig.of(com.typesafe.config.ConfigFactory.parseString(
        "ngrpo.spark { master = \"local[2]\", conf { \"spark.ui.enabled\" = true,"
            + " \"spark.ui.port\" = 0 } }"));
    SparkSession spark = SparkSessions.start(config.spark());
    try {
      assertThat(spark.sparkContext().uiWebUrl().isDefined()).as("UI is up").isTrue();
      List<String> listeners = listeningAddresses();
      assertThat(listeners).isNotEmpty();
      assertThat(listeners).allMatch(a -> a.equals("127.0.0.1") || a.equals("::1")
          || a.equals("::ffff:127.0.0.1"), "loopback");
    } finally {
      spark.stop();
    }
  }

  /** Local addresses of the sockets in LISTEN state that this process owns. */
  private static List<String> listeningAddresses() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // the fd closed while listing
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          out.add(address(f[1].substring(0, f[1].indexOf(':'))));
        }
      }
    }
    return out;
  }

  /** /proc/net's little-endian hex address as text. */
  private static String address(String hex) {
    if (hex.length() == 8) {
      return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16)
          + "." + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
    }
    if (hex.equals("00000000000000000000000001000000")) {
      return "::1";
    }
    if (hex.equals("0000000000000000FFFF00000100007F")) {
      return "::ffff:127.0.0.1";
    }
    return hex;
  }
}

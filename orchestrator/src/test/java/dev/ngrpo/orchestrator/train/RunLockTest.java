package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder's lock: one run at a time, stale and dead owners taken over. */
class RunLockTest {
  private static final Duration STALE = Duration.ofMinutes(30);

  @TempDir
  Path dir;
  private FileSystem fs;
  private org.apache.hadoop.fs.Path folder;

  @BeforeEach
  void localFileSystem() throws Exception {
    fs = FileSystem.getLocal(new Configuration());
    folder = new org.apache.hadoop.fs.Path(dir.toUri());
  }

  private void writeLock(String host, long pid, Instant renewed) throws Exception {
    // through Hadoop, as another run would write it (with its checksum file)
    try (var out = fs.create(new org.apache.hadoop.fs.Path(folder, RunLock.FILE), true)) {
      out.write(String.format("{\"id\":\"other\",\"host\":\"%s\",\"pid\":%d,"
          + "\"processStart\":\"\",\"started\":\"%s\",\"renewed\":\"%s\"}", host, pid,
          renewed, renewed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void aSecondRunIsRefusedWhileTheFirstHoldsTheFolderAndAdmittedAfter() throws Exception {
    RunOutput first = RunOutput.claim(TestRuns.config(dir, ""), false, List.of());
    long pid = ProcessHandle.current().pid();
    String host = InetAddress.getLocalHost().getHostName();
    assertThat(Files.readString(dir.resolve(RunLock.FILE))).contains("\"pid\":" + pid)
        .contains("\"host\":\"" + host + "\"");
    assertThatThrownBy(() -> RunOutput.claim(TestRuns.config(dir, ""), true, List.of()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("ngrpo.run.output " + first.folder() + " is in use: its lock"
            + " _LOCK is held by pid " + pid + " on host " + host + ", started ")
        .hasMessageContaining("(0 min ago). Two runs must not write one folder");
    first.close();
    assertThat(dir.resolve(RunLock.FILE)).doesNotExist();
    RunOutput.claim(TestRuns.config(dir, ""), true, List.of()).close();
  }

  @Test
  void aLockNotRenewedForTheStalePeriodIsTakenOver() throws Exception {
    Instant renewed = Instant.now().minus(Duration.ofMinutes(31));
    writeLock("elsewhere.example", 4242, renewed);
    assertThatThrownBy(() -> RunLock.acquire(fs, folder, Duration.ofMinutes(60)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("held by pid 4242 on host elsewhere.example, started " + renewed
            + ", renewed " + renewed + " (31 min ago)");
    try (RunLock lock = RunLock.acquire(fs, folder, STALE)) {
      assertThat(lock.takenOver().orElseThrow().pid()).isEqualTo(4242);
      assertThat(RunLock.read(fs, new org.apache.hadoop.fs.Path(folder, RunLock.FILE)).id())
          .isEqualTo(lock.owner().id());
    }
  }

  @Test
  void aFreshLockOfAProcessGoneFromThisHostIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writeLock(InetAddress.getLocalHost().getHostName(), gone.pid(), Instant.now());
    try (RunLock lock = RunLock.acquire(fs, folder, STALE)) {
      assertThat(lock.takenOver().orElseThrow().pid()).isEqualTo(gone.pid());
    }
    assertThat(dir.resolve(RunLock.FILE)).doesNotExist();
  }

  @Test
  void renewingMovesOnlyTheRenewalTime() throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(folder, RunLock.FILE);
    try (RunLock lock = RunLock.acquire(fs, folder, STALE)) {
      RunLock.Owner before = RunLock.read(fs, file);
      Thread.sleep(5);
      lock.renew();
      RunLock.Owner after = RunLock.read(fs, file);
      assertThat(after).usingRecursiveComparison().ignoringFields("renewed").isEqualTo(before);
      assertThat(Instant.parse(after.renewed())).isAfter(Instant.parse(before.renewed()));
    }
  }

  @Test
  void aRunWhoseLockWasTakenOverStopsAtItsNextRenewalAndLeavesTheNewLock() throws Exception {
    RunLock lock = RunLock.acquire(fs, folder, STALE);
    lock.renew();
    writeLock("elsewhere.example", 4242, Instant.now());
    assertThatThrownBy(lock::renew).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lost the lock").hasMessageContaining("taken over by pid 4242");
    lock.close();
    assertThat(Files.readString(dir.resolve(RunLock.FILE))).contains("\"pid\":4242");
  }
}

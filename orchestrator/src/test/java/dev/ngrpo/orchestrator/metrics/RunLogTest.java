package dev.ngrpo.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.orchestrator.Warnings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * metrics.jsonl, eval.jsonl and samples.jsonl: appended, readable while written, repaired on
 * resume.
 */
class RunLogTest {
  /** 2024-04-05T12:34:56.789Z: 1,712,320,496.789 s after the epoch. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-04-05T12:34:56.789Z"),
      ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void recordsAreAppendedToTheLocalFileSystemAndReadableAfterEachOne() throws Exception {
    CountingFileSystem raw = new CountingFileSystem(false);
    LocalFileSystem local = new LocalFileSystem(raw);
    local.initialize(URI.create("file:///"), new Configuration());
    try (RunLog log = new RunLog(local, output(), CLOCK)) {
      log.resumeBefore(0);
      for (int step = 0; step < 3; step++) {
        log.step(StepMetrics.builder(step).put("reward.mean", step / 4.0).build());
        // visible through a second, checksummed file system before the log is closed
        assertThat(steps(FileSystem.getLocal(new Configuration()))).hasSize(step + 1);
      }
    }
    // created once when the run started (empty), then appended: never rewritten per record
    assertThat(raw.creates(RunLog.METRICS)).isEqualTo(1);
    assertThat(raw.appends(RunLog.METRICS)).isEqualTo(1);
    assertThat(Files.readString(dir.resolve(RunLog.METRICS))).isEqualTo("""
        {"step":0,"time":1712320496.789,"reward.mean":0.0}
        {"step":1,"time":1712320496.789,"reward.mean":0.25}
        {"step":2,"time":1712320496.789,"reward.mean":0.5}
        """);
    // no checksum side file that appends would leave stale
    assertThat(dir.resolve("." + RunLog.METRICS + ".crc")).doesNotExist();
  }

  @Test
  void eachStepIsStampedWithTheWallClockTimeInEpochSecondsToTheMillisecond() throws Exception {
    long before = System.currentTimeMillis();
    try (RunLog log = new RunLog(FileSystem.getLocal(new Configuration()), output())) {
      log.resumeBefore(0);
      log.step(StepMetrics.builder(0).put("reward.mean", 0.5).build());
    }
    long after = System.currentTimeMillis();
    JsonNode time = RunLog.records(FileSystem.getLocal(new Configuration()), output(),
        RunLog.METRICS).get(0).get(RunLog.TIME);
    assertThat(time.isNumber()).isTrue();
    assertThat(Math.round(time.asDouble() * 1000)).isBetween(before, after);
    // written as a plain decimal with 3 places: never 1.7E9
    assertThat(Files.readString(dir.resolve(RunLog.METRICS)))
        .matches("\\{\"step\":0,\"time\":\\d{10}\\.\\d{3},\"reward.mean\":0.5}\n");
  }

  @Test
  void aTornLastLineIsDroppedWithAWarningAndTheStepsAfterTheCheckpointAreReplaced()
      throws Exception {
    // killed while writing step 3; the checkpoint it resumes from was taken after step 1
    Files.writeString(dir.resolve(RunLog.METRICS), """
        {"step":0,"reward.mean":0.0}
        {"step":1,"reward.mean":0.25}
        {"step":2,"reward.mean":0.5}
        {"step":3,"rew""");
    Files.writeString(dir.resolve("." + RunLog.METRICS + ".crc"), "stale");
    FileSystem local = FileSystem.getLocal(new Configuration());
    try (Warnings warnings = Warnings.of(JsonlLog.class); RunLog log = new RunLog(local,
        output(), CLOCK)) {
      log.resumeBefore(2);
      assertThat(warnings.messages()).singleElement().asString()
          .contains(dir.resolve(RunLog.METRICS).toString()).contains("torn last line")
          .contains("{\"step\":3,\"rew");
      log.step(StepMetrics.builder(2).put("reward.mean", 0.75).build());
      log.step(StepMetrics.builder(3).put("reward.mean", 1.0).build());
    }
    assertThat(Files.readString(dir.resolve(RunLog.METRICS))).isEqualTo("""
        {"step":0,"reward.mean":0.0}
        {"step":1,"reward.mean":0.25}
        {"step":2,"time":1712320496.789,"reward.mean":0.75}
        {"step":3,"time":1712320496.789,"reward.mean":1.0}
        """);
    assertThat(steps(local)).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void samplesOfTheStepsAfterTheCheckpointAreReplacedOnResumeAsMetricsAre() throws Exception {
    // two groups sampled per step; the run died after step 2's samples, its checkpoint was
    // taken after step 1: step 2's lines go, so the redone step 2 is there once
    Files.writeString(dir.resolve(RunLog.SAMPLES), """
        {"step":0,"prompt.id":"a"}
        {"step":0,"prompt.id":"b"}
        {"step":1,"prompt.id":"c"}
        {"step":1,"prompt.id":"d"}
        {"step":2,"prompt.id":"e"}
        {"step":2,"prompt.id":"f"}
        """);
    FileSystem local = FileSystem.getLocal(new Configuration());
    try (RunLog log = new RunLog(local, output(), CLOCK)) {
      log.resumeBefore(2);
      log.sample(new GroupSample(2, 2, "e", "t", "1+1=", "2", true, 0, 0,
          List.of(new GroupSample.Response("2<eos>", 2, false, 1f, 1f, 0f))));
    }
    assertThat(Files.readString(dir.resolve(RunLog.SAMPLES))).isEqualTo("""
        {"step":0,"prompt.id":"a"}
        {"step":0,"prompt.id":"b"}
        {"step":1,"prompt.id":"c"}
        {"step":1,"prompt.id":"d"}
        {"step":2,"weights.version":2,"prompt.id":"e","task":"t","prompt":"1+1=","reference":"2",\
        "trained":true,"ungraded":0,"rejected":0,"responses":[{"text":"2<eos>","tokens":2,\
        "truncated":false,"score":1.0,"reward":1.0,"advantage":0.0}]}
        """);
    // a fresh run starts the file empty
    try (RunLog log = new RunLog(local, output(), CLOCK)) {
      log.resumeBefore(0);
    }
    assertThat(dir.resolve(RunLog.SAMPLES)).isEmptyFile();
  }

  @Test
  void aFileSystemThatCannotAppendRewritesTheFileForEachRecord() throws Exception {
    CountingFileSystem objectStore = new CountingFileSystem(true);
    objectStore.initialize(URI.create("file:///"), new Configuration());
    try (RunLog log = new RunLog(objectStore, output(), CLOCK)) {
      log.resumeBefore(0);
      log.step(StepMetrics.builder(0).put("reward.mean", 0.5).build());
      log.step(StepMetrics.builder(1).put("reward.mean", 1.0).build());
    }
    // the empty file at the start, then the whole file after each of the 2 records
    assertThat(objectStore.creates(RunLog.METRICS)).isEqualTo(3);
    assertThat(Files.readString(dir.resolve(RunLog.METRICS))).isEqualTo("""
        {"step":0,"time":1712320496.789,"reward.mean":0.5}
        {"step":1,"time":1712320496.789,"reward.mean":1.0}
        """);
  }

  private org.apache.hadoop.fs.Path output() {
    return new org.apache.hadoop.fs.Path(dir.toUri());
  }

  private List<Long> steps(FileSystem fs) {
    return RunLog.records(fs, output(), RunLog.METRICS).stream()
        .map(n -> n.get("step").asLong()).toList();
  }

  /**
   * The raw local file system counting creates and appends by file name; with
   * {@code noAppend} it refuses to append, as object stores do.
   */
  private static final class CountingFileSystem extends RawLocalFileSystem {
    private final boolean noAppend;
    private final Map<String, Integer> creates = new ConcurrentHashMap<>();
    private final Map<String, Integer> appends = new ConcurrentHashMap<>();

    CountingFileSystem(boolean noAppend) {
      this.noAppend = noAppend;
    }

    int creates(String name) {
      return creates.getOrDefault(name, 0);
    }

    int appends(String name) {
      return appends.getOrDefault(name, 0);
    }

    @Override
    protected OutputStream createOutputStreamWithMode(org.apache.hadoop.fs.Path f,
        boolean append, FsPermission permission) throws IOException {
      (append ? appends : creates).merge(f.getName(), 1, Integer::sum);
      return super.createOutputStreamWithMode(f, append, permission);
    }

    @Override
    public FSDataOutputStream append(org.apache.hadoop.fs.Path f, int bufferSize,
        Progressable progress) throws IOException {
      if (noAppend) {
        throw new UnsupportedOperationException("Append is not supported by this store");
      }
      return super.append(f, bufferSize, progress);
    }
  }
}

package dev.ngrpo.orchestrator.train;

import dev.ngrpo.orchestrator.metrics.RunLog;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The logs ({@code metrics.jsonl}, {@code eval.jsonl}, {@code samples.jsonl}) an output
 * folder holds without a complete checkpoint beside them: an attempt that stopped before its
 * first checkpoint (a crash, a kill, a failed step), or the history of a run whose checkpoints
 * were deleted. A run that starts over writes fresh logs from step 0, which would empty these;
 * nothing vouches that they belong to this configuration (there is no checkpoint {@code
 * config.conf} to compare), so they are moved whole into {@code attempt-<UTC time>/} instead:
 * the history is kept, and a scheduler's rerun still starts rather than stop every night until
 * someone cleans the folder.
 */
final class UncheckpointedLogs {
  /** How the folders of set-aside logs are named, before their UTC time. */
  static final String PREFIX = "attempt-";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final List<String> LOGS = List.of(RunLog.METRICS, RunLog.EVALS,
      RunLog.SAMPLES);

  private UncheckpointedLogs() {}

  /**
   * Moves the non-empty logs of {@code folder} into a new {@code attempt-<now>} folder beside
   * them (with a suffix when that name is taken); the caller holds the folder's lock.
   *
   * @return the folder they are in now; empty when there was nothing to keep
   */
  static Optional<Path> setAside(FileSystem fs, Path folder, Instant now) throws IOException {
    List<Path> kept = new ArrayList<>();
    for (Path log : LOGS.stream().map(name -> new Path(folder, name)).toList()) {
      if (fs.exists(log) && fs.getFileStatus(log).getLen() > 0) {
        kept.add(log);
      }
    }
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    Path target = new Path(folder, PREFIX + TIME.format(now));
    for (int i = 2; fs.exists(target); i++) {
      target = new Path(folder, PREFIX + TIME.format(now) + "-" + i);
    }
    if (!fs.mkdirs(target)) {
      throw new IOException("cannot create " + target);
    }
    for (Path log : kept) {
      if (!fs.rename(log, new Path(target, log.getName()))) {
        throw new IOException("cannot move " + log + " into " + target);
      }
    }
    return Optional.of(target);
  }
}

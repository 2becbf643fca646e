package dev.ngrpo.orchestrator.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append-only file of JSON lines on a Hadoop file system. {@link #restart} rewrites the
 * file once with the lines to keep; after it every line is appended to a stream kept open for
 * the run and {@code hflush}ed, so the history written so far is never rewritten and a reader
 * (or a resumed run) sees every complete line.
 *
 * <p>Two file systems need care. The checksummed local file system ({@code file:}) refuses
 * {@code append}, and appending through its raw file system would leave the {@code .crc} side
 * file stale, so every later read through the checksummed one would fail: the log is written
 * and read through the raw file system, and a side file an earlier writer left is deleted.
 * File systems without append (object stores such as S3A) make no file visible before its
 * stream closes; there every line rewrites the whole file, as each record was once written
 * everywhere, so a crash still loses at most the line being written.
 *
 * <p>A process killed in the middle of a line leaves it torn at the end of the file: reads drop
 * it with a warning naming the file.
 */
final class JsonlLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlLog.class);

  private final FileSystem fs;
  private final Path path;
  private final boolean checksummed;
  private FSDataOutputStream out;
  /** The whole file, only where the file system cannot append. */
  private List<String> rewritten;

  JsonlLog(FileSystem fs, Path path) {
    this.fs = RunLog.withoutChecksums(fs);
    this.path = path;
    this.checksummed = fs instanceof ChecksumFileSystem;
  }

  /** The complete lines of {@code path} (none when absent), without blank ones. */
  static List<String> read(FileSystem fs, Path path) {
    FileSystem raw = RunLog.withoutChecksums(fs);
    byte[] bytes;
    try {
      if (!raw.exists(path)) {
        return new ArrayList<>();
      }
      try (InputStream in = raw.open(path)) {
        bytes = in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n') + 1;
    if (end < text.length()) {
      String torn = text.substring(end);
      LOG.warn("{}: dropping its torn last line, written by a run stopped in the middle of it"
          + " ({} bytes: {})", path, torn.getBytes(StandardCharsets.UTF_8).length,
          torn.length() > 200 ? torn.substring(0, 200) + "..." : torn);
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.substring(0, end).split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Rewrites the file with {@code kept}, then opens it for appending. */
  void restart(List<String> kept) {
    close();
    try {
      if (checksummed) {
        deleteChecksumFile();
      }
      try (FSDataOutputStream o = fs.create(path, true)) {
        for (String line : kept) {
          o.write(bytes(line));
        }
      }
      try {
        out = fs.append(path);
        rewritten = null;
      } catch (UnsupportedOperationException e) {
        LOG.info("{} cannot append ({}): each record rewrites the file", fs.getUri(),
            e.getMessage());
        rewritten = new ArrayList<>(kept);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** Appends one line and makes it visible to readers. */
  void append(String line) {
    try {
      if (out != null) {
        out.write(bytes(line));
        out.hflush();
      } else if (rewritten != null) {
        rewritten.add(line);
        try (FSDataOutputStream o = fs.create(path, true)) {
          for (String l : rewritten) {
            o.write(bytes(l));
          }
        }
      } else {
        throw new IllegalStateException(path + " is not open: restart it first");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
      } finally {
        out = null;
      }
    }
  }

  /** The checksummed local file system's side file, written by versions that rewrote logs. */
  private void deleteChecksumFile() throws IOException {
    Path crc = new Path(path.getParent(), "." + path.getName() + ".crc");
    if (fs.exists(crc)) {
      fs.delete(crc, false);
    }
  }

  private static byte[] bytes(String line) {
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }
}

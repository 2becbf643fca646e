package dev.ngrpo.orchestrator.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into {@code \n}-terminated lines without holding more than a cap of any
 * one line: a longer line is counted as it streams by and reported by its length alone, so a
 * file that is one multi-gigabyte line costs the cap in memory, not the line.
 */
final class BoundedLines {
  /** Receives each line in order. */
  interface Sink {
    /**
     * @param number the 1-based line number
     * @param bytes the line without its {@code \n}, or null when it is longer than the cap
     * @param length the line's length in bytes
     */
    void line(long number, byte[] bytes, long length);
  }

  private final long cap;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private long length;
  private long number;

  private BoundedLines(long cap) {
    this.cap = cap;
  }

  /**
   * Reads {@code in} to its end (without closing it), handing every line to {@code sink}; a
   * last line without {@code \n} counts too.
   *
   * @return the number of lines read
   * @throws IOException from {@code in}, as {@link LineReadException} naming the line reached
   */
  static long split(InputStream in, long cap, Sink sink) throws LineReadException {
    BoundedLines lines = new BoundedLines(cap);
    byte[] buffer = new byte[64 * 1024];
    boolean pending = false;
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines.append(buffer, start, i - start);
            lines.end(sink);
            start = i + 1;
            pending = false;
          }
        }
        if (start < n) {
          lines.append(buffer, start, n - start);
          pending = true;
        }
      }
    } catch (IOException e) {
      throw new LineReadException(lines.number, e);
    }
    if (pending) {
      lines.end(sink);
    }
    return lines.number;
  }

  private void append(byte[] bytes, int from, int count) {
    length += count;
    if (length <= cap) {
      line.write(bytes, from, count);
    }
  }

  private void end(Sink sink) {
    number++;
    sink.line(number, length <= cap ? line.toByteArray() : null, length);
    line.reset();
    length = 0;
  }

  /** A read failure after {@link #linesRead} complete lines. */
  static final class LineReadException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long linesRead;

    LineReadException(long linesRead, IOException cause) {
      super(cause.getMessage(), cause);
      this.linesRead = linesRead;
    }

    long linesRead() {
      return linesRead;
    }
  }
}

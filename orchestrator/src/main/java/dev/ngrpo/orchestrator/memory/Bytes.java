package dev.ngrpo.orchestrator.memory;

import java.util.Locale;

/** Byte counts as people read them: binary units, three significant figures. */
final class Bytes {
  static final long KIB = 1L << 10;
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final long TIB = 1L << 40;

  private Bytes() {}

  /** {@code 0 B}, {@code 512 B}, {@code 3.02 MiB}, {@code 1.84 GiB}, {@code 12.3 GiB}. */
  static String format(long bytes) {
    if (bytes < KIB) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    long[] sizes = {KIB, MIB, GIB, TIB};
    int u = sizes.length - 1;
    while (bytes < sizes[u]) {
      u--;
    }
    double v = bytes / (double) sizes[u];
    String pattern = v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s";
    return String.format(Locale.ROOT, pattern, v, units[u]);
  }
}

package dev.ngrpo.core.safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What files this JVM maps now, from the kernel's list of its mappings (Linux only). */
public final class Mappings {
  private static final Path MAPS = Path.of("/proc/self/maps");

  private Mappings() {}

  /** True where the kernel lists this process's mappings ({@code /proc/self/maps}). */
  public static boolean visible() {
    return Files.isReadable(MAPS);
  }

  /** Whether this JVM maps {@code file} now. */
  public static boolean mapped(Path file) throws IOException {
    return Files.readAllLines(MAPS).stream().anyMatch(line -> line.endsWith(" " + file));
  }
}

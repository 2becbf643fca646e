package dev.ngrpo.core.safetensors;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** {@link ModelFiles} in a local directory. Names may not leave the directory. */
public final class LocalModelFiles implements ModelFiles {
  private final Path dir;

  public LocalModelFiles(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /** The local path of {@code name}. */
  public Path resolve(String name) {
    Path p = dir.resolve(name).normalize();
    if (!p.startsWith(dir) || p.equals(dir)) {
      throw new IllegalArgumentException("file name '" + name + "' is not inside " + dir);
    }
    return p;
  }

  @Override
  public InputStream open(String name) throws IOException {
    Path p = resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new FileNotFoundException(p + " does not exist");
    }
    return new BufferedInputStream(Files.newInputStream(p), 1 << 16);
  }

  @Override
  public boolean exists(String name) {
    return Files.isRegularFile(resolve(name));
  }

  @Override
  public OutputStream create(String name) throws IOException {
    Path p = resolve(name);
    Files.createDirectories(p.getParent());
    return new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
  }

  @Override
  public long size(String name) throws IOException {
    return Files.size(resolve(name));
  }

  @Override
  public String location(String name) {
    return resolve(name).toString();
  }

  @Override
  public String toString() {
    return "LocalModelFiles[" + dir + "]";
  }
}

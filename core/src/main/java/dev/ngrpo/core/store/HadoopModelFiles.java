package dev.ngrpo.core.store;

import dev.ngrpo.core.safetensors.ModelFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model folder on any Hadoop FileSystem ({@code file://}, {@code hdfs://}, {@code s3a://},
 * ...). Names are resolved under the folder; a name with a path separator or {@code ..} is
 * refused so nothing is written outside it.
 */
public final class HadoopModelFiles implements ModelFiles {
  private final FileSystem fs;
  private final Path dir;

  /** The folder at {@code dir} on its file system. */
  public HadoopModelFiles(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** The folder at {@code uri} (a scheme-less URI means the default file system). */
  public static HadoopModelFiles at(String uri, Configuration conf) throws IOException {
    Path dir = new Path(URI.create(uri));
    return new HadoopModelFiles(dir.getFileSystem(conf), dir);
  }

  /** The folder's path. */
  public Path dir() {
    return dir;
  }

  /** The file system the folder lives on. */
  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * The folder as a local directory when it lives on the local file system ({@code file:}),
   * for code that writes or maps its files directly; empty on any other file system, including
   * subclasses of the local one under another scheme.
   */
  public Optional<java.nio.file.Path> localDir() {
    return localPath(fs.makeQualified(dir).toUri());
  }

  /**
   * The local path a qualified {@code file:} URI names, or empty for any other scheme: what
   * {@link #localDir} answers, for callers that hold only the URI and need no Hadoop
   * configuration to tell.
   */
  public static Optional<java.nio.file.Path> localPath(URI uri) {
    return "file".equals(uri.getScheme()) ? Optional.of(java.nio.file.Path.of(uri))
        : Optional.empty();
  }

  private Path resolve(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")
        || name.equals(".")) {
      throw new IllegalArgumentException("not a plain file name: '" + name + "'");
    }
    return new Path(dir, name);
  }

  @Override
  public InputStream open(String name) throws IOException {
    Path p = resolve(name);
    if (!fs.exists(p)) {
      throw new FileNotFoundException(location(name) + " does not exist");
    }
    return fs.open(p);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return fs.exists(resolve(name));
  }

  @Override
  public OutputStream create(String name) throws IOException {
    return fs.create(resolve(name), true);
  }

  @Override
  public long size(String name) throws IOException {
    return fs.getFileStatus(resolve(name)).getLen();
  }

  @Override
  public String location(String name) {
    return fs.makeQualified(new Path(dir, name)).toString();
  }

  @Override
  public String toString() {
    return fs.makeQualified(dir).toString();
  }
}

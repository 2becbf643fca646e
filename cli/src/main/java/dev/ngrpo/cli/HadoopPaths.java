package dev.ngrpo.cli;

import java.io.File;
import java.net.URI;
import org.apache.hadoop.fs.Path;

/** Folders given on the command line as a local path or a Hadoop URI. */
final class HadoopPaths {
  private HadoopPaths() {}

  /**
   * {@code s} as a Hadoop path: a URI when it has a scheme ({@code hdfs://...}, {@code
   * file:/...}), else a local path made absolute against the working folder.
   */
  static Path of(String s) {
    return new Path(URI.create(s.contains(":") ? s
        : new File(s).getAbsoluteFile().toURI().toString()));
  }
}

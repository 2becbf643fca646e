package dev.ngrpo.lab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An experiment's files that outlive an invocation: each finished run's {@link RunResult} with
 * the fingerprint of the settings that made it ({@code result.json} in the run's folder), and
 * small text files. A result is written to a temporary file and renamed, so an invocation
 * killed while writing leaves no half-written result that a later one would read.
 */
final class RunStore {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What {@code result.json} holds.
   *
   * @param fingerprint the settings that made the run ({@link Fingerprint})
   * @param result the run's figures
   */
  record Stored(String fingerprint, RunResult result) {}

  private RunStore() {}

  /** The result stored in {@code runFolder}, if there is one (with whatever fingerprint). */
  static Optional<Stored> stored(FileSystem fs, Path runFolder) throws IOException {
    Path file = new Path(runFolder, Experiment.RESULT);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return Optional.of(JSON.readValue(in, Stored.class));
    } catch (IOException e) {
      throw new IOException("cannot read the finished run " + file + " (" + e.getMessage()
          + "): delete it to train that run again", e);
    }
  }

  /** Stores a finished run's result in {@code runFolder}. */
  static void save(FileSystem fs, Path runFolder, String fingerprint, RunResult result)
      throws IOException {
    Path file = new Path(runFolder, Experiment.RESULT);
    Path partial = new Path(runFolder, Experiment.RESULT + ".partial");
    write(fs, partial, JSON.writeValueAsBytes(new Stored(fingerprint, result)));
    fs.delete(file, false);
    if (!fs.rename(partial, file)) {
      throw new IOException("cannot rename " + partial + " to " + file);
    }
  }

  /** The text of a small file. */
  static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code bytes} to {@code file}, replacing it. */
  static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }
}

package dev.ngrpo.core.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints on any Hadoop FileSystem, one folder per step ({@code step-00000012}). A
 * checkpoint is written into a temporary folder, gets a {@code _COMPLETE} marker as its last
 * file, and is renamed into place, so a crash at any point leaves either the previous
 * checkpoints untouched or a complete new one; only folders with the marker count. After a
 * commit the oldest complete checkpoints beyond {@code keepLast} are deleted.
 *
 * <p>Temporary folders are named {@code .tmp-step-00000012-<writer>}, where the writer is
 * unique to this store object (one per run and process), and a commit deletes only its own:
 * another process's checkpoint being written into the same folder is never touched. Folders a
 * dead writer left behind are deleted by {@link #deleteAbandoned}, which only the holder of the
 * run's lock may call.
 */
public final class CheckpointStore {
  /** Written last into a checkpoint folder; its presence makes the folder a checkpoint. */
  public static final String MARKER = "_COMPLETE";
  /** How the name of every temporary folder of a store starts. */
  public static final String TEMPORARY_PREFIX = ".tmp-";
  private static final Pattern NAME = Pattern.compile("step-(\\d{8})");

  private final FileSystem fs;
  private final Path root;
  private final int keepLast;
  /** Ends the names of this store's temporary folders: unique to this object. */
  private final String writer = ProcessHandle.current().pid() + "-"
      + Long.toHexString(new SecureRandom().nextLong() >>> 1);

  public CheckpointStore(FileSystem fs, Path root, int keepLast) {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keep-last must be >= 1, got " + keepLast);
    }
    this.fs = fs;
    this.root = fs.makeQualified(root);
    this.keepLast = keepLast;
  }

  /** The store at {@code uri}. */
  public static CheckpointStore at(String uri, Configuration conf, int keepLast) {
    try {
      Path p = new Path(uri);
      return new CheckpointStore(p.getFileSystem(conf), p, keepLast);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open checkpoint location " + uri + ": "
          + e.getMessage(), e);
    }
  }

  /** The folder checkpoints live in. */
  public Path root() {
    return root;
  }

  /** The file system of the store. */
  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * Creates the folder if needed and proves it writable by writing and deleting a probe file,
   * so an unwritable location fails at start-up, not after the first step.
   */
  public void checkWritable() {
    Path probe = new Path(root, ".write-probe-" + System.nanoTime());
    try {
      fs.mkdirs(root);
      try (FSDataOutputStream out = fs.create(probe, true)) {
        out.write("probe".getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("checkpoint location " + root + " is not writable: "
          + e.getMessage(), e);
    }
  }

  /**
   * Deletes the temporary folders of other writers: those a process that died while writing a
   * checkpoint left behind. Only the holder of the run's lock may call it, before it writes:
   * then no other writer of this store can be alive.
   *
   * @return the folders deleted
   */
  public List<Path> deleteAbandoned() throws IOException {
    List<Path> deleted = new ArrayList<>();
    if (fs.exists(root)) {
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (name.startsWith(TEMPORARY_PREFIX) && !name.endsWith("-" + writer)
            && fs.delete(s.getPath(), true)) {
          deleted.add(s.getPath());
        }
      }
    }
    return deleted;
  }

  /** Opens the temporary folder of the checkpoint of {@code step}. */
  public Pending begin(long step) throws IOException {
    Path tmp = new Path(root, TEMPORARY_PREFIX + name(step) + "-" + writer);
    if (!fs.mkdirs(tmp)) {
      throw new IOException("cannot create " + tmp);
    }
    return new Pending(step, tmp);
  }

  /** Folder name of {@code step}'s checkpoint. */
  public static String name(long step) {
    return String.format("step-%08d", step);
  }

  /** Complete checkpoints, oldest first. */
  public List<Checkpoint> list() throws IOException {
    List<Checkpoint> out = new ArrayList<>();
    if (!fs.exists(root)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(root)) {
      Matcher m = NAME.matcher(s.getPath().getName());
      if (s.isDirectory() && m.matches() && fs.exists(new Path(s.getPath(), MARKER))) {
        out.add(new Checkpoint(Long.parseLong(m.group(1)), s.getPath()));
      }
    }
    out.sort((a, b) -> Long.compare(a.step(), b.step()));
    return out;
  }

  /** The newest complete checkpoint, if any. */
  public Optional<Checkpoint> latest() throws IOException {
    List<Checkpoint> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * A complete checkpoint.
   *
   * @param step the step it was taken after
   * @param dir its folder
   */
  public record Checkpoint(long step, Path dir) {}

  /** A checkpoint being written; {@link #commit()} makes it visible. */
  public final class Pending {
    private final long step;
    private final Path tmp;

    private Pending(long step, Path tmp) {
      this.step = step;
      this.tmp = tmp;
    }

    /** The temporary folder to write into. */
    public Path dir() {
      return tmp;
    }

    /** A model-files view of sub-folder {@code name} of the temporary folder. */
    public HadoopModelFiles folder(String name) {
      return new HadoopModelFiles(fs, new Path(tmp, name));
    }

    /**
     * A stream to a file of the temporary folder, created or replaced (for files too large to
     * build in memory first); the caller closes it.
     */
    public OutputStream create(String name) throws IOException {
      return fs.create(new Path(tmp, name), true);
    }

    /** A file of the temporary folder, created or replaced. */
    public void write(String name, byte[] bytes) throws IOException {
      try (FSDataOutputStream out = fs.create(new Path(tmp, name), true)) {
        out.write(bytes);
      }
    }

    /**
     * Marks the checkpoint complete, renames it into place (replacing an older checkpoint of
     * the same step), and deletes checkpoints beyond {@code keepLast} and this store's own
     * temporary folders that a failed write could not delete.
     */
    public Checkpoint commit() throws IOException {
      write(MARKER, new byte[0]);
      Path target = new Path(root, name(step));
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
      List<Checkpoint> all = list();
      for (int i = 0; i < all.size() - keepLast; i++) {
        fs.delete(all.get(i).dir(), true);
      }
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (name.startsWith(TEMPORARY_PREFIX) && name.endsWith("-" + writer)) {
          fs.delete(s.getPath(), true);
        }
      }
      return new Checkpoint(step, target);
    }

    /** Deletes the temporary folder (after a failed write). */
    public void abort() {
      try {
        fs.delete(tmp, true);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete " + tmp, e);
      }
    }
  }

  /** Reads a small file of a checkpoint. */
  public byte[] read(Checkpoint c, String name) throws IOException {
    try (InputStream in = open(c, name)) {
      return in.readAllBytes();
    }
  }

  /** Opens a file of a checkpoint (for files too large to read into one array); close it. */
  public InputStream open(Checkpoint c, String name) throws IOException {
    Path p = new Path(c.dir(), name);
    if (!fs.exists(p)) {
      throw new FileNotFoundException("checkpoint " + c.dir() + " has no " + name);
    }
    return fs.open(p);
  }
}

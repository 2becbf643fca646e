package dev.ngrpo.orchestrator.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock file {@value #FILE} in a run's output folder, so that two runs never write one
 * folder (their checkpoints, metrics and weights would interleave). It is created with
 * {@code overwrite = false}, which fails when the file exists, atomically on HDFS; it names its
 * owner (host, pid, when the owner's process and the lock started) and is renewed after every
 * step. A lock not renewed for the stale period belongs to a dead or hung run and is taken
 * over with a warning, as is, at once, a lock whose process is gone from this host. The owner
 * deletes it when the run closes; renewing a lock that another run took over fails, so the
 * run that lost its folder stops instead of writing on.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name in the output folder. */
  public static final String FILE = "_LOCK";
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path file;
  private final Owner owner;
  private final Optional<Owner> takenOver;
  private boolean released;

  /**
   * Who holds a lock.
   *
   * @param id unique to this lock (a new one for every run opened)
   * @param host the owner's host name
   * @param pid the owner's process id
   * @param processStart when the owner's process started (tells a reused pid apart), or ""
   * @param started when the lock was taken
   * @param renewed when the lock was last renewed
   */
  public record Owner(String id, String host, long pid, String processStart, String started,
      String renewed) {
    /** This process, taking a lock now. */
    static Owner thisProcess() {
      String now = Instant.now().toString();
      ProcessHandle self = ProcessHandle.current();
      return new Owner(UUID.randomUUID().toString(), localHost(), self.pid(),
          self.info().startInstant().map(Instant::toString).orElse(""), now, now);
    }

    Owner renewedNow() {
      return new Owner(id, host, pid, processStart, started, Instant.now().toString());
    }

    /** Whether this owner's process is gone from this host (its pid is free or reused). */
    boolean goneFromThisHost() {
      if (!host.equals(localHost())) {
        return false;
      }
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      return p.isEmpty() || !processStart.isEmpty() && p.get().info().startInstant()
          .map(s -> !s.toString().equals(processStart)).orElse(false);
    }

    @Override
    public String toString() {
      return String.format("pid %d on host %s, started %s, renewed %s", pid, host, started,
          renewed);
    }
  }

  private RunLock(FileSystem fs, Path file, Owner owner, Optional<Owner> takenOver) {
    this.fs = fs;
    this.file = file;
    this.owner = owner;
    this.takenOver = takenOver;
  }

  /**
   * Takes the lock of {@code folder} (which exists), taking over one not renewed for
   * {@code stale} or whose process is gone from this host.
   *
   * @throws ConfigurationError when another run holds it, naming that run
   */
  public static RunLock acquire(FileSystem fs, Path folder, Duration stale) throws IOException {
    Path file = new Path(folder, FILE);
    Optional<Owner> previous = Optional.empty();
    for (int attempt = 0; ; attempt++) {
      Owner me = Owner.thisProcess();
      try {
        write(fs, file, me, false);
        return new RunLock(fs, file, me, previous);
      } catch (FileAlreadyExistsException e) {
        Owner held;
        try {
          held = read(fs, file);
        } catch (FileNotFoundException released) {
          continue; // its owner released it meanwhile: try again
        }
        Duration idle = Duration.between(Instant.parse(held.renewed()), Instant.now());
        boolean gone = held.goneFromThisHost();
        if (attempt > 0 || !gone && idle.compareTo(stale) <= 0) {
          throw new ConfigurationError(String.format("ngrpo.run.output %s is in use: its lock"
              + " %s is held by %s (%d min ago). Two runs must not write one folder: wait for"
              + " that run to end or choose another ngrpo.run.output; a lock not renewed for"
              + " ngrpo.run.lock-stale-minutes = %d is taken over, and if that run is dead, you"
              + " may delete %s", folder, file.getName(), held, idle.toMinutes(),
              stale.toMinutes(), file));
        }
        LOG.warn("taking over the lock {} of {}: {}", file, held, gone
            ? "its process is gone from this host"
            : "not renewed for " + idle.toMinutes() + " min (ngrpo.run.lock-stale-minutes = "
                + stale.toMinutes() + ")");
        fs.delete(file, false);
        previous = Optional.of(held);
      }
    }
  }

  /** The owner this lock was taken over from, if it was. */
  public Optional<Owner> takenOver() {
    return takenOver;
  }

  /** Who holds this lock. */
  public Owner owner() {
    return owner;
  }

  /**
   * Renews the lock.
   *
   * @throws IllegalStateException when another run took it over: this run no longer owns
   *     its folder and must stop
   */
  public void renew() {
    try {
      Owner held = fs.exists(file) ? read(fs, file) : null;
      if (held == null || !held.id().equals(owner.id())) {
        throw new IllegalStateException("lost the lock " + file + " of the output folder: "
            + (held == null ? "it was deleted" : "it was taken over by " + held)
            + "; another run may be writing this folder, so this one stops");
      }
      write(fs, file, owner.renewedNow(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot renew the lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the lock file, if this lock still owns it. */
  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      if (fs.exists(file) && read(fs, file).id().equals(owner.id())) {
        fs.delete(file, false);
      } else {
        LOG.warn("not deleting the lock {}: it is gone, or another run took it over", file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock " + file + ": " + e.getMessage(),
          e);
    }
  }

  private static void write(FileSystem fs, Path file, Owner o, boolean overwrite)
      throws IOException {
    try (FSDataOutputStream out = fs.create(file, overwrite)) {
      out.write(JSON.writeValueAsBytes(o));
    }
  }

  /**
   * The owner written in {@code file}; a file that is not a lock (being written, or from
   * elsewhere) counts as held by an unknown owner since its modification time.
   */
  static Owner read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      Owner o = JSON.readValue(in.readAllBytes(), Owner.class);
      Instant.parse(o.renewed());
      return o;
    } catch (IOException | RuntimeException e) {
      if (!fs.exists(file)) {
        throw e;
      }
      String time = Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime())
          .toString();
      return new Owner("", "unknown", -1, "", time, time);
    }
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

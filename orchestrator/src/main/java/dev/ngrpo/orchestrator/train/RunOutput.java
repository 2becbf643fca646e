package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.orchestrator.config.ConfigurationError;
import dev.ngrpo.orchestrator.config.ResumeCompatibility;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.weights.FolderPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's output folder, claimed by this process before Spark starts: writable, locked against
 * a second run ({@link RunLock}), and either empty (a new run) or holding the run that
 * {@code --resume} continues with a configuration that does not change what it means ({@link
 * ResumeCompatibility}). A resume that finds no complete checkpoint starts over, after
 * setting aside the logs an earlier attempt left ({@link UncheckpointedLogs}); one whose
 * newest checkpoint already holds the final step is {@linkplain #finished finished}.
 * Temporary folders that a dead process of the run left behind are deleted once the lock is
 * held. Closing it releases the lock.
 */
public final class RunOutput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunOutput.class);
  /** Where checkpoints live in the output folder. */
  static final String CHECKPOINTS = "checkpoints";

  /**
   * The checkpoints of run folder {@code output}, to read (the export, the report): a store
   * that deletes nothing, and that holds no checkpoint when the folder has none.
   */
  public static CheckpointStore checkpointsOf(FileSystem fs, Path output) {
    return new CheckpointStore(fs, new Path(output, CHECKPOINTS), Integer.MAX_VALUE);
  }

  private final Path folder;
  private final CheckpointStore store;
  private final RunLock lock;
  private final StartMode mode;
  private final Optional<CheckpointStore.Checkpoint> newest;
  private final Optional<Path> setAside;

  private RunOutput(Path folder, CheckpointStore store, RunLock lock, StartMode mode,
      Optional<CheckpointStore.Checkpoint> newest, Optional<Path> setAside) {
    this.folder = folder;
    this.store = store;
    this.lock = lock;
    this.mode = mode;
    this.newest = newest;
    this.setAside = setAside;
  }

  /** {@link #claim(RunConfig, StartMode, Collection)} with {@link StartMode#of(boolean)}. */
  public static RunOutput claim(RunConfig config, boolean resume,
      Collection<String> allowChange) throws IOException {
    return claim(config, StartMode.of(resume), allowChange);
  }

  /**
   * Claims {@code config}'s output folder. A resuming {@code mode} checks the newest complete
   * checkpoint's configuration against {@code config} (also when that checkpoint holds the
   * final step: a changed configuration on a finished run is refused rather than passed over
   * as nothing to do); without a complete checkpoint it sets aside the logs of an earlier
   * attempt, so that starting over truncates no history.
   *
   * @param mode whether the run continues the folder's newest checkpoint
   * @param allowChange keys or sections ({@code --allow-change}) whose changes from the
   *     checkpoint's configuration a resume accepts although they change what the run means
   * @throws ConfigurationError when the folder is in use by another run, holds files for a
   *     new run, or the configuration changes what the resumed run means
   * @throws IllegalStateException when the folder is not writable
   */
  public static RunOutput claim(RunConfig config, StartMode mode,
      Collection<String> allowChange) throws IOException {
    CheckpointStore store = CheckpointStore.at(config.run().output() + "/" + CHECKPOINTS,
        RunContext.hadoopConfiguration(config), config.checkpoint().keepLast());
    store.checkWritable();
    FileSystem fs = store.fileSystem();
    Path folder = store.root().getParent();
    RunLock lock = RunLock.acquire(fs, folder,
        Duration.ofMinutes(config.run().lockStaleMinutes()));
    try {
      Optional<CheckpointStore.Checkpoint> latest = Optional.empty();
      Optional<Path> setAside = Optional.empty();
      if (mode.resumes()) {
        latest = store.latest();
        if (latest.isPresent()) {
          ResumeCompatibility.check(mode.option(), latest.get().dir().getName(), new String(
              store.read(latest.get(), TrainingCheckpoint.CONFIG), StandardCharsets.UTF_8),
              config.resolved(), allowChange);
        } else {
          setAside = UncheckpointedLogs.setAside(fs, folder, Instant.now());
        }
      } else {
        refuseContents(fs, folder);
      }
      deleteAbandoned(store, fs, new Path(folder, FolderPublisher.FOLDER));
      return new RunOutput(folder, store, lock, mode, latest, setAside);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Fails, naming what it holds, when {@code folder} holds a file (the lock aside). */
  private static void refuseContents(FileSystem fs, Path folder) throws IOException {
    TreeSet<String> held = new TreeSet<>();
    for (FileStatus s : fs.listStatus(folder)) {
      String name = s.getPath().getName();
      if (s.isDirectory() ? holdsFile(fs, s.getPath()) : !name.equals(RunLock.FILE)) {
        held.add(s.isDirectory() ? name + "/" : name);
      }
    }
    if (!held.isEmpty()) {
      throw new ConfigurationError(String.format("ngrpo.run.output %s is not empty (it holds"
          + " %s): a new run starts in an empty folder. Pass --resume to continue the run"
          + " there, or choose another ngrpo.run.output (or delete the folder)", folder,
          String.join(", ", held)));
    }
  }

  /** Whether {@code dir} or a folder below it holds a file. */
  private static boolean holdsFile(FileSystem fs, Path dir) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (!s.isDirectory() || holdsFile(fs, s.getPath())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Deletes the temporary folders of checkpoints and weights that a process of this run left
   * when it died: the lock is held, so no other process writes here.
   */
  private static void deleteAbandoned(CheckpointStore store, FileSystem fs, Path weights)
      throws IOException {
    for (Path p : store.deleteAbandoned()) {
      LOG.info("deleted {}, left by a process that died writing a checkpoint", p);
    }
    if (fs.exists(weights)) {
      for (FileStatus s : fs.listStatus(weights)) {
        if (s.getPath().getName().startsWith(CheckpointStore.TEMPORARY_PREFIX)
            && fs.delete(s.getPath(), true)) {
          LOG.info("deleted {}, left by a process that died publishing weights", s.getPath());
        }
      }
    }
  }

  /** The run's checkpoint store. */
  public CheckpointStore store() {
    return store;
  }

  /** Whether the run continues the folder's newest checkpoint (when it has one). */
  public boolean resume() {
    return mode.resumes();
  }

  /**
   * The newest complete checkpoint of a resume when it already holds all {@code steps} steps
   * (or more, after {@code ngrpo.run.steps} was lowered): the run has nothing left to do.
   * Judged by the checkpoint's name, which its state fixes (it is named after its last step),
   * without loading it: a finished run is recognised in the time it takes to list a folder.
   */
  public Optional<CheckpointStore.Checkpoint> finished(int steps) {
    return newest.filter(c -> c.step() + 1 >= steps);
  }

  /**
   * Where the logs of an earlier attempt that left no checkpoint were moved when this resume
   * found none ({@link UncheckpointedLogs}); empty when there were none.
   */
  public Optional<Path> setAside() {
    return setAside;
  }

  /** The output folder, qualified. */
  public Path folder() {
    return folder;
  }

  /** The lock that keeps other runs out. */
  public RunLock lock() {
    return lock;
  }

  /** Renews the lock; fails when another run took the folder over. */
  void renew() {
    lock.renew();
  }

  /** Releases the lock; a second call does nothing. */
  @Override
  public void close() {
    lock.close();
  }
}

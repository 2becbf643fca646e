package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.safetensors.MappedSafetensors;
import dev.ngrpo.core.safetensors.ModelFiles;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.orchestrator.spark.HadoopConfs;
import dev.ngrpo.rollout.worker.PolicySource;
import dev.ngrpo.rollout.worker.PublishedWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishes each version by writing its model folder (F32 safetensors, exact) under
 * {@code <output>/weights/v<version>} on the run's file system, and sends executors only the
 * path: for models too large to broadcast. The folder is written under a temporary name and
 * renamed, and versions older than the previous one are deleted.
 *
 * <p>On the local file system ({@code file:}, also an NFS mount every node sees at one path)
 * the folder is written with plain file I/O, without Hadoop's {@code .crc} side files, and
 * executors map it ({@link ModelFolder#loadMapped}): their parameters are views of the page
 * cache, shared by the executors of a host, and a build copies nothing. Shards hold at most
 * {@link #SHARD_BYTES} so every file maps into one buffer. Elsewhere (HDFS, S3, ...) executors
 * stream the folder through Hadoop. Files are never changed once renamed into place, and a
 * version is deleted as the one after next starts to be written, so at most two versions
 * occupy the disk and the page cache: no task reads it any more (an executor reads a version
 * only for that version's tasks, and {@code PolicyCache} closes it, unmapping its files, once
 * a newer one arrives), so no mapping of a deleted file is read (on NFS that would fail). The
 * deletion runs on a thread of its own, beside the write, since deleting a large folder is a
 * visible part of a publication; the next {@link #publish} or {@link #close} waits for it and
 * fails, naming the folder, if it failed.
 */
public final class FolderPublisher implements WeightsPublisher {
  /** The largest shard written, in data bytes: under {@link MappedSafetensors#MAX_FILE_BYTES}. */
  static final long SHARD_BYTES = 1L << 30;
  /** The folder of the versions in the run's output. */
  public static final String FOLDER = "weights";

  private final FileSystem fs;
  private final Path root;
  private final ExecutorService cleaner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ngrpo-weights-cleaner");
    t.setDaemon(true);
    return t;
  });
  /** The deletion of the version before the previous one, or a done future. */
  private Future<?> cleanup = CompletableFuture.completedFuture(null);
  private long previous = -1;
  private long lastVersion = -1;
  /**
   * Ends the names of this publisher's temporary folders ({@code .tmp-v3-<writer>}), so that
   * it never deletes another process's folder being written.
   */
  private final String writer = ProcessHandle.current().pid() + "-"
      + Long.toHexString(new SecureRandom().nextLong() >>> 1);

  public FolderPublisher(String output, Configuration hadoop) {
    try {
      Path out = new Path(output);
      this.fs = out.getFileSystem(hadoop);
      this.root = fs.makeQualified(new Path(out, FOLDER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + output, e);
    }
  }

  @Override
  public PublishedWeights publish(long version, PolicyModel model) {
    lastVersion = Versions.checkIncreasing(lastVersion, version);
    Path target = new Path(root, "v" + version);
    Path tmp = new Path(root, CheckpointStore.TEMPORARY_PREFIX + "v" + version + "-" + writer);
    awaitCleanup();
    if (previous >= 0 && previous < version) {
      // before the write: its pages leave the page cache before this version's arrive
      Path old = new Path(root, "v" + (previous - 1));
      cleanup = cleaner.submit(() -> {
        try {
          return fs.delete(old, true);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete the old weights " + old, e);
        }
      });
    }
    try {
      fs.delete(tmp, true);
      HadoopModelFiles files = new HadoopModelFiles(fs, tmp);
      ModelFolder.save(model, null, files.localDir().<ModelFiles>map(LocalModelFiles::new)
          .orElse(files), DType.F32, SHARD_BYTES);
      fs.delete(target, true);
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
      previous = version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish weights v" + version + " to " + target, e);
    }
    return new Handle(version, target.toUri().toString());
  }

  /** Waits for the deletion of an old version; rethrows its failure, once. */
  private void awaitCleanup() {
    Future<?> pending = cleanup;
    cleanup = CompletableFuture.completedFuture(null);
    try {
      pending.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException("deleting old weights failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting old weights under " + root, e);
    }
  }

  @Override
  public void close() {
    try {
      awaitCleanup();
    } finally {
      cleaner.shutdown();
    }
  }

  private record Handle(long version, String uri) implements PublishedWeights {
    private static final long serialVersionUID = 1L;

    @Override
    public PolicySource source() {
      return device -> {
        try {
          // a file: folder needs no Hadoop configuration, whose XML parsing costs as much as
          // mapping a small model
          Optional<java.nio.file.Path> local = HadoopModelFiles.localPath(URI.create(uri));
          return local.isPresent()
              ? ModelFolder.loadMapped(new LocalModelFiles(local.get()), device)
              : ModelFolder.load(HadoopModelFiles.at(uri, HadoopConfs.ofThisJvm()), device);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot load weights v" + version + " from " + uri, e);
        }
      };
    }
  }
}

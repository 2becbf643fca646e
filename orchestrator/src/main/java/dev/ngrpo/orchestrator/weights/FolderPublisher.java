package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.orchestrator.spark.HadoopConfs;
import dev.ngrpo.rollout.worker.PolicySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishes each version by writing its model folder (F32 safetensors, exact) under
 * {@code <output>/weights/v<version>} on the run's file system, and sends executors only the
 * path: for models too large to broadcast. The folder is written under a temporary name and
 * renamed, and versions older than the previous one are deleted.
 */
public final class FolderPublisher implements WeightsPublisher {
  private final FileSystem fs;
  private final Path root;
  private long previous = -1;
  private long lastVersion = -1;

  public FolderPublisher(String output, Configuration hadoop) {
    try {
      Path out = new Path(output);
      this.fs = out.getFileSystem(hadoop);
      this.root = fs.makeQualified(new Path(out, "weights"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + output, e);
    }
  }

  @Override
  public PublishedWeights publish(long version, PolicyModel model) {
    lastVersion = Versions.checkIncreasing(lastVersion, version);
    Path target = new Path(root, "v" + version);
    Path tmp = new Path(root, ".tmp-v" + version);
    try {
      fs.delete(tmp, true);
      ModelFolder.save(model, null, new HadoopModelFiles(fs, tmp), DType.F32, Long.MAX_VALUE);
      fs.delete(target, true);
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
      if (previous >= 0 && previous < version) {
        fs.delete(new Path(root, "v" + (previous - 1)), true);
      }
      previous = version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish weights v" + version + " to " + target, e);
    }
    return new Handle(version, target.toString());
  }

  @Override
  public void close() {}

  private record Handle(long version, String uri) implements PublishedWeights {
    private static final long serialVersionUID = 1L;

    @Override
    public PolicySource source() {
      return device -> {
        try {
          return ModelFolder.load(HadoopModelFiles.at(uri, HadoopConfs.ofThisJvm()), device);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot load weights v" + version + " from " + uri, e);
        }
      };
    }
  }
}

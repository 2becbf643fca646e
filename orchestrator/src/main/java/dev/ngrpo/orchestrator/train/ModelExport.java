package dev.ngrpo.orchestrator.train;

import ai.djl.Device;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.core.tokenizer.Tokenizers;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a checkpoint's policy as a plain Hugging Face model folder ({@code config.json},
 * safetensors, tokenizer) that loads here and in {@code transformers} like any other: with LoRA
 * the adapters are merged into the frozen base ({@code W + (alpha / r) B A}), so the folder
 * needs no PEFT to load.
 */
public final class ModelExport {
  private ModelExport() {}

  /**
   * The checkpoint {@code source} names: a checkpoint folder (one with {@code model/}), or a
   * run's output folder, whose newest complete checkpoint is taken.
   *
   * @throws IllegalArgumentException naming {@code source} when it is neither
   */
  public static Path checkpoint(FileSystem fs, Path source) throws IOException {
    if (fs.exists(new Path(source, TrainingCheckpoint.MODEL))) {
      return source;
    }
    CheckpointStore checkpoints = RunOutput.checkpointsOf(fs, source);
    if (fs.exists(checkpoints.root())) {
      return checkpoints.latest()
          .orElseThrow(() -> new IllegalArgumentException(source
              + " holds no complete checkpoint")).dir();
    }
    throw new IllegalArgumentException(source + " is neither a checkpoint folder (with model/)"
        + " nor a run folder (with checkpoints/)");
  }

  /**
   * Writes the policy of checkpoint folder {@code checkpoint} into {@code target}, which must
   * not exist yet.
   *
   * @return whether LoRA adapters were merged
   */
  public static boolean export(Path checkpoint, Path target, DType dtype, long maxShardBytes,
      Configuration hadoop) throws IOException {
    FileSystem fs = checkpoint.getFileSystem(hadoop);
    FileSystem out = target.getFileSystem(hadoop);
    if (out.exists(target)) {
      throw new IllegalArgumentException("export target " + target + " already exists;"
          + " choose a new folder");
    }
    HadoopModelFiles model = new HadoopModelFiles(fs, new Path(checkpoint,
        TrainingCheckpoint.MODEL));
    boolean merged;
    try (PolicyModel policy = TrainingCheckpoint.policy(fs, checkpoint, Device.cpu());
        Tokenizer tokenizer = Tokenizers.load(model)) {
      merged = !policy.adapters().isEmpty();
      ModelFolder.save(policy, tokenizer, new HadoopModelFiles(out, target), dtype,
          maxShardBytes);
    }
    return merged;
  }
}

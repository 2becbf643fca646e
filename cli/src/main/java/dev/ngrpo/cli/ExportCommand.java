package dev.ngrpo.cli;

import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.orchestrator.train.ModelExport;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ngrpo export CHECKPOINT OUT}: a checkpoint's policy as a plain Hugging Face folder. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes a checkpoint's policy as a Hugging Face model folder (config.json,"
        + " safetensors, tokenizer) that loads here (ngrpo.model.path) and in transformers."
        + " LoRA adapters are merged into the frozen model (W + alpha/r B A).",
        "CHECKPOINT is a checkpoint folder (checkpoints/step-...) or a run's output folder,"
        + " whose newest complete checkpoint is taken."})
public final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CHECKPOINT",
      description = "checkpoint or run folder (path or Hadoop URI)")
  String checkpoint;

  @Parameters(index = "1", paramLabel = "OUT",
      description = "new folder for the model (path or Hadoop URI); must not exist")
  String out;

  @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|bf16",
      description = "dtype of the saved weights (default: ${DEFAULT-VALUE})")
  String dtype;

  @Option(names = "--max-shard-mb", defaultValue = "0", paramLabel = "MB",
      description = "largest safetensors shard in MiB; 0 = one file (default)")
  int maxShardMb;

  @Override
  public Integer call() {
    Configuration hadoop = new Configuration();
    return Failures.run(() -> {
      DType type = switch (dtype) {
        case "f32" -> DType.F32;
        case "bf16" -> DType.BF16;
        default -> throw new IllegalArgumentException("--dtype must be f32 or bf16, got '"
            + dtype + "'");
      };
      if (maxShardMb < 0) {
        throw new IllegalArgumentException("--max-shard-mb must be at least 0, got "
            + maxShardMb);
      }
      Path source = HadoopPaths.of(checkpoint);
      FileSystem fs = source.getFileSystem(hadoop);
      if (!fs.exists(source)) {
        throw new IllegalArgumentException("CHECKPOINT " + checkpoint + " does not exist");
      }
      return new Object[] {ModelExport.checkpoint(fs, fs.makeQualified(source)), type};
    }, args -> {
      Path from = (Path) args[0];
      boolean merged = ModelExport.export(from, HadoopPaths.of(out), (DType) args[1],
          maxShardMb == 0 ? Long.MAX_VALUE : maxShardMb * 1024L * 1024L, hadoop);
      System.out.println("exported " + from + (merged ? " (LoRA adapters merged)" : "")
          + " to " + out);
      return 0;
    });
  }
}

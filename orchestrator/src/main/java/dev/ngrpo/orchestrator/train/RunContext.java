package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.ModelSettings;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.ChatTemplates;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.core.tokenizer.TokenizerFiles;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.spark.HadoopConfs;
import dev.ngrpo.orchestrator.spark.SparkRollout;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.weights.BroadcastPublisher;
import dev.ngrpo.orchestrator.weights.FolderPublisher;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.rollout.data.PromptEncoder;
import dev.ngrpo.rollout.worker.PolicyCache;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * What every command that runs a policy works with: the output folder, Spark, the tokenizer,
 * the tokenized datasets and the rollout job. Opened once per command, after the
 * configuration was validated; closing it stops Spark.
 */
public final class RunContext implements AutoCloseable {
  private final RunConfig config;
  private final Configuration hadoop;
  private final FileSystem fs;
  private final Path output;
  private final SparkSession spark;
  private final Tokenizer tokenizer;
  private final Datasets data;
  private final SparkRollout rollout;
  private final RolloutJob job;

  private RunContext(RunConfig config, Runnable beforeSpark) throws IOException {
    this.config = config;
    this.hadoop = hadoopConfiguration(config);
    Path out = new Path(config.run().output());
    this.fs = out.getFileSystem(hadoop);
    this.output = fs.makeQualified(out);
    beforeSpark.run();
    this.spark = SparkSessions.start(config.spark());
    Tokenizer tok = null;
    try {
      tok = StartingPolicy.tokenizer(config.model(), hadoop);
      ModelSettings model = config.model();
      PromptEncoder encoder = new PromptEncoder(tok,
          ChatTemplates.create(model.chatTemplate(), model.systemPrompt()));
      this.data = Datasets.load(config, encoder, maxPromptTokens(), spark);
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.rollout = new SparkRollout(sc, config.spark().partitions());
      this.job = new RolloutJob(config.run().seed(), 0, 0, config.rollout(), encoder.stopIds(),
          config.verifier(), (float) config.learner().algorithm().maxReward(),
          TokenizerFiles.of(tok));
      this.tokenizer = tok;
    } catch (IOException | RuntimeException e) {
      if (tok != null) {
        tok.close();
      }
      spark.stop();
      throw e;
    }
  }

  /**
   * Opens the context; {@code beforeSpark} runs once the output folder is known and before
   * Spark starts (checks that should fail fast).
   */
  public static RunContext open(RunConfig config, Runnable beforeSpark) throws IOException {
    return new RunContext(config, beforeSpark);
  }

  /** Longest prompt that leaves room for max-new-tokens in the model's positions. */
  private int maxPromptTokens() throws IOException {
    ModelSettings m = config.model();
    int positions = m.fresh() ? m.init().maxPositions()
        : ModelFolder.readConfig(HadoopModelFiles.at(m.path(), hadoop)).maxPositionEmbeddings();
    int limit = positions - config.rollout().maxNewTokens();
    if (limit < 1) {
      throw new IllegalArgumentException("ngrpo.rollout.max-new-tokens = "
          + config.rollout().maxNewTokens() + " leaves no room for a prompt in the model's "
          + positions + " positions");
    }
    return limit;
  }

  /** A publisher of the configured transport. */
  public WeightsPublisher newPublisher() {
    return config.checkpoint().transport().equals("checkpoint")
        ? new FolderPublisher(output.toString(), hadoop)
        : new BroadcastPublisher(JavaSparkContext.fromSparkContext(spark.sparkContext()));
  }

  /** An evaluator on the held-out split, or null when there is none. */
  public Evaluator newEvaluator() {
    return data.test().size() == 0 ? null
        : new Evaluator(rollout, data.test(), config.eval(), job);
  }

  public RunConfig config() {
    return config;
  }

  public Configuration hadoop() {
    return hadoop;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  public Path output() {
    return output;
  }

  public SparkSession spark() {
    return spark;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public Datasets data() {
    return data;
  }

  public SparkRollout rollout() {
    return rollout;
  }

  public RolloutJob job() {
    return job;
  }

  /** The Hadoop configuration of a run: the defaults plus Spark's {@code spark.hadoop.*}. */
  public static Configuration hadoopConfiguration(RunConfig config) {
    return HadoopConfs.of(SparkSessions.conf(config.spark()));
  }

  /** Frees executor-side models of this JVM, the tokenizer, and stops Spark. */
  @Override
  public void close() {
    try {
      PolicyCache.shared().clear();
      tokenizer.close();
    } finally {
      spark.stop();
    }
  }
}

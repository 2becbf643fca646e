package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.model.ModelConfig;
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
import dev.ngrpo.orchestrator.weights.InProcessPublisher;
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
  private final int[] stopIds;
  private final TokenizerFiles tokenizerFiles;

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
      this.data = Datasets.load(config, encoder, maxPromptTokens(tok), spark);
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.rollout = new SparkRollout(sc, config.spark().partitions());
      this.stopIds = encoder.stopIds();
      this.tokenizerFiles = TokenizerFiles.of(tok);
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
  private int maxPromptTokens(Tokenizer tok) throws IOException {
    int positions = shapeOf(config.model(), tok).maxPositionEmbeddings();
    int limit = positions - config.rollout().maxNewTokens();
    if (limit < 1) {
      throw new IllegalArgumentException("ngrpo.rollout.max-new-tokens = "
          + config.rollout().maxNewTokens() + " leaves no room for a prompt in the model's "
          + positions + " positions");
    }
    return limit;
  }

  /**
   * The architecture of {@code m}'s policy without building it: a fresh model's over
   * {@code tok}'s vocabulary (as {@link StartingPolicy} builds it), or the folder's
   * {@code config.json}.
   */
  private ModelConfig shapeOf(ModelSettings m, Tokenizer tok) throws IOException {
    return m.fresh() ? m.freshConfig(tok.vocabSize(), tok.eosId())
        : ModelFolder.readConfig(HadoopModelFiles.at(m.path(), hadoop));
  }

  /**
   * A publisher of the transport {@code run} configures, writing under its output; {@code auto}
   * is {@code in-process} on a {@code local[N]} master, {@code checkpoint} on a
   * {@code local-cluster}, and {@code broadcast} on any other unless the policy is too large for
   * one broadcast ({@link dev.ngrpo.orchestrator.config.CheckpointSettings#transportUnder}).
   * Reads the policy's {@code config.json} to count its parameters.
   *
   * @throws IllegalArgumentException for {@code in-process} when executors run in other JVMs,
   *     and for {@code broadcast} when the policy is too large for it
   */
  public WeightsPublisher publisherFor(RunConfig run) throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return switch (run.checkpoint().transportUnder(sc.master(), sc.isLocal(),
        shapeOf(run.model(), tokenizer).parameterCount())) {
      case "checkpoint" -> new FolderPublisher(outputOf(run).toString(), hadoop);
      case "broadcast" -> new BroadcastPublisher(sc);
      case "in-process" -> new InProcessPublisher();
      default -> throw new IllegalStateException(run.checkpoint().transport());
    };
  }

  /**
   * An evaluator of {@code run} on the held-out split, sharing {@code job}'s run id (so it uses
   * the policies the run's rollouts cached), or null when there is no held-out split.
   */
  public Evaluator evaluatorFor(RunConfig run, RolloutJob job) {
    return data.test().size() == 0 ? null
        : new Evaluator(rollout, data.test(), run.eval(), job);
  }

  /**
   * A rollout job for {@code run} (its seed, sampling and verifier) over this context's
   * tokenizer, with a new run id: each call names a new run for the executors' policy caches.
   */
  public RolloutJob jobFor(RunConfig run) {
    return new RolloutJob(java.util.UUID.randomUUID().toString(), run.run().seed(), 0, 0,
        run.rollout(), stopIds, run.verifier(), tokenizerFiles);
  }

  /** {@code run}'s output folder, qualified on this context's file system. */
  public Path outputOf(RunConfig run) {
    return fs.makeQualified(new Path(run.run().output()));
  }

  /** A publisher for this context's own run. */
  public WeightsPublisher newPublisher() throws IOException {
    return publisherFor(config);
  }

  /** An evaluator for this context's own run, or null. */
  public Evaluator newEvaluator() {
    return evaluatorFor(config, jobFor(config));
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

  /** The rollout job of this context's own run. */
  public RolloutJob job() {
    return jobFor(config);
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

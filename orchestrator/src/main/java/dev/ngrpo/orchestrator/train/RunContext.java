package dev.ngrpo.orchestrator.train;

import ai.djl.Device;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.ModelSettings;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.ChatTemplate;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.core.tokenizer.TokenizerFiles;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.data.Datasets;
import dev.ngrpo.orchestrator.spark.ExecutorWait;
import dev.ngrpo.orchestrator.spark.HadoopConfs;
import dev.ngrpo.orchestrator.spark.SparkRollout;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.orchestrator.weights.AdapterPublisher;
import dev.ngrpo.orchestrator.weights.BroadcastPublisher;
import dev.ngrpo.orchestrator.weights.WeightTransport;
import dev.ngrpo.orchestrator.weights.WeightsPublisher;
import dev.ngrpo.orchestrator.data.PromptEncoder;
import dev.ngrpo.rollout.worker.PolicyCache;
import dev.ngrpo.rollout.worker.RolloutJob;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
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
  private final RolloutJob job;

  private RunContext(RunConfig config) throws IOException {
    this.config = config;
    this.hadoop = hadoopConfiguration(config);
    StartingPolicy.checkFolder(config.model(), hadoop);
    CriticFolder.check(config, hadoop);
    ChatTemplate template = StartingPolicy.chatTemplate(config.model(), hadoop);
    Path out = new Path(config.run().output());
    this.fs = out.getFileSystem(hadoop);
    this.output = fs.makeQualified(out);
    this.spark = SparkSessions.start(config.spark());
    Tokenizer tok = null;
    try {
      ExecutorWait.await(JavaSparkContext.fromSparkContext(spark.sparkContext()));
      tok = StartingPolicy.tokenizer(config.model(), hadoop);
      PromptEncoder encoder = new PromptEncoder(tok, template);
      this.data = Datasets.load(config, encoder, maxPromptTokens(tok), spark);
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.rollout = new SparkRollout(sc, config.spark().partitions());
      this.stopIds = encoder.stopIds();
      this.tokenizerFiles = TokenizerFiles.of(tok);
      this.tokenizer = tok;
      this.job = jobFor(config);
    } catch (IOException | RuntimeException e) {
      if (tok != null) {
        tok.close();
      }
      spark.stop();
      throw e;
    }
  }

  /**
   * Checks, without starting Spark, the inputs a context reads first: the model folder
   * {@code ngrpo.model.path} names, PPO's {@code ngrpo.critic.path}, and the chat template
   * (the folder's own one renders a probe prompt). {@link #open} checks them too before it
   * starts Spark; the command line calls this while it validates the configuration, so that a
   * wrong path or a broken template exits 2.
   *
   * @throws com.typesafe.config.ConfigException naming the key and the path
   * @throws IllegalArgumentException for a folder's chat template that does not render, naming
   *     its file
   */
  public static void checkInputs(RunConfig config) {
    StartingPolicy.checkFolder(config.model(), hadoopConfiguration(config));
    CriticFolder.check(config, hadoopConfiguration(config));
    StartingPolicy.chatTemplate(config.model(), hadoopConfiguration(config));
  }

  /** Starts Spark and reads the tokenizer and the datasets of {@code config}. */
  public static RunContext open(RunConfig config) throws IOException {
    return new RunContext(config);
  }

  /**
   * Longest prompt: what max-new-tokens leaves of the model's positions, or
   * {@code ngrpo.data.max-prompt-tokens} when shorter ({@link
   * dev.ngrpo.orchestrator.data.DataSettings#promptLimit}).
   */
  private int maxPromptTokens(Tokenizer tok) throws IOException {
    return config.data().promptLimit(shapeOf(config.model(), tok).maxPositionEmbeddings(),
        config.rollout().maxNewTokens());
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
   * A publisher of the transport {@code run} configures ({@link
   * dev.ngrpo.orchestrator.config.WeightsSettings#transportUnder}: {@code auto} picks by the
   * master and the policy's size), writing under its output. Reads the policy's
   * {@code config.json} to count its parameters.
   *
   * @throws IllegalArgumentException for a transport the master or the policy's size rules out
   */
  public WeightsPublisher publisherFor(RunConfig run) throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    WeightTransport transport = run.weights().transportUnder(sc.master(), sc.isLocal(),
        shapeOf(run.model(), tokenizer).parameterCount());
    WeightsPublisher publisher = transport.publisher(sc, outputOf(run).toString(), hadoop);
    if (run.model().lora().enabled() && transport != WeightTransport.IN_PROCESS) {
      // the frozen base once through the transport, then adapters only
      return new AdapterPublisher(publisher, new BroadcastPublisher(sc),
          run.weights().mergeAdapters());
    }
    return publisher;
  }

  /**
   * An evaluator of {@code run} on the held-out split, sharing {@code job}'s run id (so it uses
   * the policies the run's rollouts cached); empty when there is no held-out split.
   */
  public Optional<Evaluator> evaluatorFor(RunConfig run, RolloutJob job) {
    return data.test().size() == 0 ? Optional.empty()
        : Optional.of(new Evaluator(rollout, data.test(), run.eval(), job));
  }

  /**
   * A rollout job for {@code run} (its seed, sampling and verifier) over this context's
   * tokenizer, with a new run id: each call names a new run for the executors' policy caches
   * (an experiment runs several in one context).
   */
  public RolloutJob jobFor(RunConfig run) {
    return new RolloutJob(java.util.UUID.randomUUID().toString(), run.run().seed(), 0,
        run.rollout(), stopIds, run.verifier(), tokenizerFiles, run.model().frozenDtype());
  }

  /** {@code run}'s output folder, qualified on this context's file system. */
  public Path outputOf(RunConfig run) {
    return fs.makeQualified(new Path(run.run().output()));
  }

  /** A publisher for this context's own run. */
  public WeightsPublisher newPublisher() throws IOException {
    return publisherFor(config);
  }

  /** An evaluator for this context's own run; empty when there is no held-out split. */
  public Optional<Evaluator> newEvaluator() {
    return evaluatorFor(config, job);
  }

  public RunConfig config() {
    return config;
  }

  public Configuration hadoop() {
    return hadoop;
  }

  /**
   * The device the driver trains and evaluates on: the GPU Spark assigned the driver ({@code
   * spark.driver.resource.gpu.amount} and its discovery script), else as {@code
   * ngrpo.model.device} says ({@link ModelSettings#driverDevice}).
   */
  public Device driverDevice() {
    scala.Option<ResourceInformation> gpu = spark.sparkContext().resources().get("gpu");
    return config.model().driverDevice(
        gpu.isDefined() ? List.of(gpu.get().addresses()) : List.of());
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

  /** The rollout job of this context's own run, the same on every call. */
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

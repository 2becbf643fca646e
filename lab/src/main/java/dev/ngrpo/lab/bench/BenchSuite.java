package dev.ngrpo.lab.bench;

import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The performance targets of the project measured in one go ({@code ngrpo bench}): matmul
 * peak, decoding throughput, orchestration overhead and learner breakdown of real training
 * steps, weight publishing across executor JVMs, rollout scaling with cores and JVMs, and
 * memory over many steps, LoRA against full fine-tuning. {@code quick} shrinks every section to a pipeline check (the figures
 * then mean little) and leaves out the 0.5B shapes.
 */
public final class BenchSuite {
  /** The 0.5B body used where a full run is needed: Qwen2.5-0.5B's blocks, char vocabulary. */
  static final List<String> BODY_05B = List.of("ngrpo.model.init.hidden-size=896",
      "ngrpo.model.init.intermediate-size=4864", "ngrpo.model.init.layers=24",
      "ngrpo.model.init.heads=14", "ngrpo.model.init.kv-heads=2");

  /**
   * Everything one suite run measured.
   *
   * @param machine where it ran
   * @param quick the shrunken variant
   * @param peakGflops matmul peak
   * @param decode decoding figures per shape
   * @param pipeline training-run figures (default configuration, 0.5B body)
   * @param publish publishing figures per shape, executors in separate JVMs
   * @param scaling rollout stages on 1 and 2 executor cores ({@code local[2]}), then on 1 and
   *     2 executor JVMs ({@code local-cluster[2,1,1024]}), interleaved
   * @param memory the long run whose resident memory is followed step by step (null when
   *     not run)
   * @param lora LoRA against full fine-tuning ({@link LoraBenchmark}; null when not run)
   * @param loraShape the model shape of {@code lora}
   * @param skipped what was left out and why
   * @param seconds wall time of the suite
   */
  public record Report(Map<String, String> machine, boolean quick, double peakGflops,
      List<DecodeBenchmark.Figure> decode, List<PipelineBenchmark.Figure> pipeline,
      List<PublishBenchmark.Figure> publish, List<ScalingBenchmark.Figure> scaling,
      PipelineBenchmark.Figure memory, LoraBenchmark.Result lora, String loraShape,
      List<String> skipped, double seconds) {}

  /**
   * Heap the 0.5B-body training run needs: the broadcast payload and Spark's serialized copy
   * of it, the next version's payload while the previous one is being freed, and one tensor
   * of checkpoint moments at a time.
   */
  static final long BODY_05B_HEAP = 7L << 30;

  /**
   * Rounds a scaling comparison warms up for: executor JVMs start cold, and their JIT
   * compilers take a visible share of each round until well past the first dozen
   * (docs/benchmarks.md has the profile). On {@code local[2]} the task threads are this JVM's,
   * which the sections before have compiled when the whole suite runs, but not when the
   * scaling section runs alone.
   */
  static final int SCALING_WARMUP_ROUNDS = 30;

  /** Rounds each scaling comparison measures after its warm-up. */
  static final int SCALING_ROUNDS = 10;

  /**
   * Versions of the default model published before its steady-state figures: a training run's
   * executors have loaded as many by step 100, and publishing and empty jobs get several times
   * cheaper between the first version and the hundredth (docs/benchmarks.md).
   */
  static final int PUBLISH_STEADY_WARMUP_VERSIONS = 100;

  /** Versions the steady-state publishing figures measure. */
  static final int PUBLISH_STEADY_VERSIONS = 10;

  /** The sections, in the order they run; the matmul peak always runs. */
  public static final List<String> SECTIONS = List.of("publish", "decode", "pipeline", "scaling",
      "memory", "lora");

  private final boolean quick;
  private final Set<String> sections;
  private final Path work;
  private final Consumer<String> console;

  /**
   * @param quick the shrunken variant
   * @param sections the sections to run (of {@link #SECTIONS})
   * @param work folder for the runs' outputs
   * @param console progress lines
   */
  public BenchSuite(boolean quick, Set<String> sections, Path work, Consumer<String> console) {
    for (String section : sections) {
      if (!SECTIONS.contains(section)) {
        throw new IllegalArgumentException("unknown bench section '" + section + "': the"
            + " sections are " + SECTIONS);
      }
    }
    this.quick = quick;
    this.sections = Set.copyOf(sections);
    this.work = work;
    this.console = console;
  }

  /** Runs every section in an order that keeps thread settings apart (scaling sets 1 thread). */
  public Report run() throws IOException {
    long start = System.nanoTime();
    Map<String, String> machine = MachineInfo.describe();
    int cores = Runtime.getRuntime().availableProcessors();
    console.accept("matmul peak ...");
    double peak = quick ? MatmulPeak.gflops(512, 3) : MatmulPeak.gflops(2048, 5);
    console.accept(String.format("  %.1f GFLOP/s", peak));

    List<String> skipped = new ArrayList<>();
    long heap = Runtime.getRuntime().maxMemory();
    boolean bigHeap = heap >= BODY_05B_HEAP;
    if (!quick && !bigHeap && (sections.contains("pipeline") || sections.contains("publish"))) {
      skipped.add(String.format("the 0.5B-body training run and publishing: they need a heap of"
          + " at least %d GiB and this JVM has %.1f GiB (NGRPO_JAVA_OPTS=-Xmx8g)",
          BODY_05B_HEAP >> 30, heap / (double) (1L << 30)));
      console.accept("skipping " + skipped.get(skipped.size() - 1));
    }
    // Publishing runs first, on a fresh driver: after the 0.5B-body run the driver keeps its
    // grown heap and native memory, and with two 0.5B executors beside it a 24 GB machine runs
    // out of memory; a large resident driver also slows the folder writes (docs/benchmarks.md).
    List<PublishBenchmark.Figure> publish = new ArrayList<>();
    if (sections.contains("publish")) {
      publish.addAll(publish("default", List.of(), 1024, false, true));
      publish.addAll(publish("default", List.of(), 1024, true, true));
    }
    if (sections.contains("publish") && !quick && bigHeap) {
      // a broadcast of the body's size: each executor holds its pieces on the heap (in Spark's
      // storage memory, 0.6 of the heap) and the payload off it, so 4 GB executors; one
      // warm-up version only, since a version this large is bound by copying it, not by the
      // executors' JIT
      publish.addAll(publish("0.5B body", BODY_05B, 4096, false, false));
      publish.addAll(publish("0.5B body", BODY_05B, 3072, true, false));
    }

    List<DecodeBenchmark.Figure> decode = new ArrayList<>();
    for (DecodeBenchmark.Shape shape : sections.contains("decode") ? decodeShapes()
        : List.<DecodeBenchmark.Shape>of()) {
      console.accept("decoding " + shape.name() + " ...");
      DecodeBenchmark.Figure f = quick
          ? DecodeBenchmark.measure(shape, 8, 8, 4, peak, cores)
          : DecodeBenchmark.measure(shape, 64, 32, 32, peak, cores);
      console.accept(String.format("  %.0f tokens/s, decoding at %.1f%% of peak",
          f.tokensPerSecond(), 100 * f.fractionOfPeak()));
      decode.add(f);
    }

    List<PipelineBenchmark.Figure> pipeline = new ArrayList<>();
    if (sections.contains("pipeline")) {
      pipeline.add(pipeline("default", quick ? List.of("ngrpo.run.steps=2",
          "ngrpo.run.batch-size=4") : List.of("ngrpo.run.steps=8")));
    }
    if (sections.contains("pipeline") && !quick && bigHeap) {
      List<String> body = new ArrayList<>(BODY_05B);
      body.addAll(List.of("ngrpo.run.steps=3", "ngrpo.run.batch-size=4",
          "ngrpo.rollout.max-new-tokens=16", "ngrpo.learner.micro-batch-size=4"));
      pipeline.add(pipeline("0.5B body", body));
    }

    List<ScalingBenchmark.Figure> scaling = new ArrayList<>();
    if (sections.contains("scaling")) {
      scaling.add(scaling("executor cores", "local[2]"));
      scaling.add(scaling("executor JVMs", "local-cluster[2,1,1024]"));
    }

    PipelineBenchmark.Figure memory = !sections.contains("memory") ? null
        : pipeline("memory", List.of("ngrpo.run.steps=" + (quick ? 5 : 100),
            "ngrpo.run.batch-size=8"));
    // LoRA against full fine-tuning: the Qwen2.5-0.5B shape at rank 16 where the heap holds its
    // snapshots, else (and --quick) the default model
    LoraBenchmark.Result lora = null;
    String loraShape = null;
    if (sections.contains("lora")) {
      boolean large = !quick && bigHeap;
      if (!quick && !bigHeap) {
        skipped.add("the LoRA comparison on the Qwen2.5-0.5B shape (measured on the default"
            + " model instead): it needs a heap of " + (BODY_05B_HEAP >> 30) + " GiB");
      }
      ModelBenchmark.ModelShape shape = ModelBenchmark.defaultShapes().get(large ? 2 : 0);
      console.accept("lora: " + shape.name() + " ...");
      lora = new LoraBenchmark(shape.config(),
          new LoraSettings(quick ? 2 : 16, quick ? 4 : 32, LoraSettings.MODULES),
          quick ? 2 : 16, quick ? 12 : 64, quick ? 1 : 3, quick ? 2 : 16, quick ? 2 : 32).run();
      loraShape = shape.name();
    }
    return new Report(machine, quick, peak, decode, pipeline, publish, scaling, memory, lora,
        loraShape, List.copyOf(skipped), (System.nanoTime() - start) / 1e9);
  }

  private List<DecodeBenchmark.Shape> decodeShapes() {
    ModelConfig small = RunConfig.load(null, List.of()).model().freshConfig(charVocabulary(), -1);
    List<DecodeBenchmark.Shape> shapes = new ArrayList<>();
    shapes.add(new DecodeBenchmark.Shape("default", small));
    if (!quick) {
      shapes.add(new DecodeBenchmark.Shape("Qwen2.5-0.5B", DecodeBenchmark.qwen05b()));
    }
    return shapes;
  }

  private static int charVocabulary() {
    try (CharTokenizer tokenizer = CharTokenizer.arithmetic()) {
      return tokenizer.vocabSize();
    }
  }

  private PipelineBenchmark.Figure pipeline(String name, List<String> overrides)
      throws IOException {
    console.accept("training run: " + name + " ...");
    Path out = work.resolve(fileName(name));
    // the previous bench run's output: every run starts fresh
    deleteTree(out);
    PipelineBenchmark.Figure f = PipelineBenchmark.run(name, overrides, out, console);
    console.accept(String.format("  step %.2fs, overhead %.1f%%, rollout %.0f tokens/s",
        f.step(), 100 * f.overheadFraction(), f.rolloutTokensPerSecond()));
    return f;
  }

  /**
   * Interleaved rollout stages in one and two partitions on {@code master}, which has two task
   * slots, each with 1 torch thread: 128 prompts x G = 8, enough generation per stage that
   * fixed per-stage costs (task launch, result transfer) do not hide the slots.
   */
  private ScalingBenchmark.Figure scaling(String compared, String master) throws IOException {
    console.accept("rollout stages on 1 and 2 " + compared + " (" + master + "), interleaved ...");
    Path out = work.resolve(fileName("scaling " + master));
    deleteTree(out);
    RunConfig config = RunConfig.load(null, PipelineBenchmark.benchOverrides(out, List.of(
        "ngrpo.rollout.torch-threads=1", "ngrpo.run.batch-size=" + (quick ? 4 : 128),
        "ngrpo.spark.master=\"" + master + "\"")));
    ScalingBenchmark.Figure f = ScalingBenchmark.run(compared, config,
        quick ? 1 : SCALING_WARMUP_ROUNDS, quick ? 1 : SCALING_ROUNDS, console);
    console.accept(String.format("  1 slot %.0f tokens/s, 2 slots %.0f tokens/s: %.2fx",
        f.oneTokensPerSecond(), f.twoTokensPerSecond(), f.speedup()));
    return f;
  }

  /** {@code name} as a file name: each run of characters other than [A-Za-z0-9.-] becomes -. */
  private static String fileName(String name) {
    return name.replaceAll("[^A-Za-z0-9.-]+", "-");
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * Publishing {@code name} to two executor JVMs of {@code executorMib} MiB, by broadcast or as
   * model folders; with {@code steady}, also after {@link #PUBLISH_STEADY_WARMUP_VERSIONS}
   * versions, in the same session.
   */
  private List<PublishBenchmark.Figure> publish(String name, List<String> shape,
      int executorMib, boolean folders, boolean steady) throws IOException {
    console.accept("publishing " + name + (folders ? " as model folders" : " by broadcast")
        + " to 2 executor JVMs ...");
    List<String> o = new ArrayList<>(shape);
    o.add("ngrpo.spark.master=\"local-cluster[2,1," + executorMib + "]\"");
    o.add("ngrpo.spark.conf.\"spark.ui.enabled\"=false");
    RunConfig config = RunConfig.load(null, o);
    ModelConfig model = config.model().freshConfig(charVocabulary(), -1);
    Path folder = work.resolve("publish-" + fileName(name));
    List<PublishBenchmark.Window> windows = quick ? List.of(new PublishBenchmark.Window(1, 1))
        : steady ? List.of(new PublishBenchmark.Window(1, 3), new PublishBenchmark.Window(
            PUBLISH_STEADY_WARMUP_VERSIONS, PUBLISH_STEADY_VERSIONS))
        : List.of(new PublishBenchmark.Window(1, 3));
    List<PublishBenchmark.Figure> figures = PublishBenchmark.run(name, model, config.spark(), 2,
        windows, folders ? folder.toAbsolutePath().toUri().toString() : null);
    // the last versions' folders (1.4 GB each at 0.5B) are of no use after the figures
    deleteTree(folder);
    for (PublishBenchmark.Figure f : figures) {
      console.accept(String.format("  %.0f MB, after %d version%s: publish %.3fs, executor"
          + " load %.3fs (an empty job takes %.3fs)", f.megabytes(), f.warmupVersions(),
          f.warmupVersions() == 1 ? "" : "s", f.publishSeconds(), f.loadSeconds(),
          f.emptyJobSeconds()));
    }
    return figures;
  }

}

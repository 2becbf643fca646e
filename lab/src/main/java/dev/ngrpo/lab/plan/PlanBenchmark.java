package dev.ngrpo.lab.plan;

import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.lab.bench.DecodeBenchmark;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.memory.MemoryCheck;
import dev.ngrpo.orchestrator.memory.MemoryPlan;
import dev.ngrpo.orchestrator.memory.Place;
import dev.ngrpo.orchestrator.memory.PlanSizes;
import dev.ngrpo.orchestrator.memory.ProcessPlan;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The plan against measured peaks. For each configuration it computes the memory plan as
 * {@code train} would, for a cluster master (so the driver's learner and an executor's rollout
 * task are planned apart, one task per executor), then runs {@link PlanProbe} in a JVM of its
 * own for the learner's step and for the rollout task, and sets the driver's planned off-heap
 * total beside the first's measured growth and the executor's beside the second's. Larger
 * shapes are computed only, from their {@code config.json}.
 */
public final class PlanBenchmark {
  /**
   * Overrides that lay the plan out as the probes run: the driver and one executor apart, one
   * rollout task per executor, weights through model folders (nothing of theirs off the heap).
   */
  static final List<String> PROBE_DEPLOYMENT = List.of(
      "ngrpo.spark.master=\"spark://127.0.0.1:7077\"", "ngrpo.weights.transport=model-folders",
      "ngrpo.spark.conf.\"spark.executor.cores\"=1");
  /**
   * The shapes of the Qwen2.5 rows: prompts of 128 tokens, responses of 128; B = 4 groups of
   * G = 2 in 4 mini-batches, so each update is one micro-batch of 2 rows; rollout tasks of 8
   * rows. Small enough for the 0.5B step to run in about 12 GB here.
   */
  static final List<String> QWEN_RUN = List.of("ngrpo.data.max-prompt-tokens=128",
      "ngrpo.rollout.max-new-tokens=128", "ngrpo.rollout.group-size=2", "ngrpo.run.batch-size=4",
      "ngrpo.learner.mini-batches=4", "ngrpo.learner.micro-batch-size=2",
      "ngrpo.rollout.max-batch-size=8", "ngrpo.sft.steps=0", "ngrpo.model.chat-template=plain");

  /**
   * A configuration to plan (and measure).
   *
   * @param name the model's label
   * @param file the run file, or null
   * @param overrides {@code key=value} overrides after it
   * @param measured whether the probes run it
   */
  public record Case(String name, File file, List<String> overrides, boolean measured) {}

  /**
   * One row of the comparison.
   *
   * @param model the case's name
   * @param parameters the policy's parameters
   * @param phase {@code learner} (driver off-heap) or {@code rollout task} (executor off-heap)
   * @param shape rows and tokens of the phase
   * @param planned planned bytes
   * @param measured measured growth of the peak resident memory, or -1 when not measured
   * @param note why it was not measured, or ""
   */
  public record Figure(String model, long parameters, String phase, String shape, long planned,
      long measured, String note) {}

  /**
   * Memory a probe leaves the machine's other processes: a probe does not start when less
   * than its plan, its heap and this would be available, and is stopped when what is available
   * falls below this (the machine is shared, and the kernel's out-of-memory killer picks the
   * largest process, not the newest).
   */
  static final long SPARE = 2L << 30;

  private static final double MIB = 1 << 20;

  private final Path work;
  private final Map<String, String> environment;
  private final Consumer<String> console;

  /**
   * @param work folder for the computed shapes' {@code config.json}
   * @param environment variables set for the probes' JVMs (e.g. glibc's
   *     {@code MALLOC_MMAP_THRESHOLD_}, whose dynamic default keeps freed gradients resident)
   * @param console progress lines
   */
  public PlanBenchmark(Path work, Map<String, String> environment, Consumer<String> console) {
    this.work = work;
    this.environment = Map.copyOf(environment);
    this.console = console;
  }

  /** The cases that can be measured, by the name {@code bench-plan --measure} takes. */
  public static final List<String> MEASURABLE = List.of("default", "0.5b");

  /**
   * The cases of docs/benchmarks.md: the default model of {@code localConf} as it runs and the
   * Qwen2.5-0.5B shape, measured when {@code measured} names them ({@link #MEASURABLE}),
   * Qwen2.5-1.5B and Qwen2.5-7B computed.
   */
  public List<Case> defaultCases(File localConf, Set<String> measured) throws IOException {
    for (String name : measured) {
      if (!MEASURABLE.contains(name)) {
        throw new IllegalArgumentException("no case '" + name + "' to measure: the cases are "
            + MEASURABLE);
      }
    }
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("default d128 x 4 (conf/local.conf)", localConf, List.of(),
        measured.contains("default")));
    cases.add(qwen("Qwen2.5-0.5B shape", DecodeBenchmark.qwen05b(), measured.contains("0.5b")));
    cases.add(qwen("Qwen2.5-1.5B shape", new ModelConfig("qwen2", 151936, 1536, 8960, 28, 12,
        2, 128, 1e-6, 1_000_000.0, 131072, true, true, -1, -1), false));
    cases.add(qwen("Qwen2.5-7B shape", new ModelConfig("qwen2", 152064, 3584, 18944, 28, 28, 4,
        128, 1e-6, 1_000_000.0, 131072, false, true, -1, -1), false));
    return cases;
  }

  private Case qwen(String name, ModelConfig shape, boolean measured) throws IOException {
    Path folder = work.resolve(name.replaceAll("[^A-Za-z0-9.]+", "-"));
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.json"), shape.toJson());
    List<String> overrides = new ArrayList<>(QWEN_RUN);
    overrides.add("ngrpo.model.path=\"" + folder.toAbsolutePath() + "\"");
    return new Case(name, null, overrides, measured);
  }

  /** Plans every case and measures those that ask for it. */
  public List<Figure> run(List<Case> cases) throws IOException, InterruptedException {
    List<Figure> figures = new ArrayList<>();
    for (Case c : cases) {
      List<String> overrides = new ArrayList<>(c.overrides());
      overrides.addAll(PROBE_DEPLOYMENT);
      RunConfig config = RunConfig.load(c.file(), overrides);
      MemoryPlan plan = MemoryCheck.plan(config);
      ProcessPlan driver = plan.processes().get(0);
      ProcessPlan executor = plan.processes().get(1);
      PlanSizes sizes = plan.sizes();
      // the heap holds the policy's float32 initialization once, and a margin
      long heap = (512L << 20) + sizes.parameters() * 5;
      for (String phase : List.of("learner", "rollout")) {
        ProcessPlan p = phase.equals("learner") ? driver : executor;
        long planned = p.total(Place.OFF_HEAP);
        long measured = -1;
        String note = c.measured() ? "" : "computed only";
        long needed = planned + heap + SPARE;
        if (c.measured() && ResidentMemory.available() < needed) {
          note = String.format("not run: %,d MiB available, %,d MiB needed",
              ResidentMemory.available() >> 20, needed >> 20);
        } else if (c.measured()) {
          console.accept("measuring " + c.name() + ": " + phase + " ...");
          measured = probe(phase, c.file(), overrides, heap, environment);
          if (measured < 0) {
            note = "stopped: the machine ran low on memory";
          }
          console.accept(String.format("  planned %,d B, measured %,d B", planned, measured));
        }
        figures.add(new Figure(c.name(), sizes.parameters(), phase.equals("learner")
            ? "learner step" : "rollout task", shape(sizes, phase), planned, measured, note));
      }
    }
    return figures;
  }

  /** Rows and tokens of {@code phase}. */
  private static String shape(PlanSizes s, String phase) {
    int tokens = s.promptTokens() + s.responseTokens();
    return phase.equals("learner")
        ? String.format("%d rows x %d tokens", s.learnerRows(), tokens)
        : String.format("%d rows x %d positions", s.rolloutRows(), tokens);
  }

  /** The figures as a markdown table, sizes in MiB, the ratio planned / measured. */
  public static String table(List<Figure> figures) {
    StringBuilder out = new StringBuilder("| model | parameters | phase | shape | planned MiB |"
        + " measured MiB | planned / measured |\n|---|---|---|---|---|---|---|\n");
    for (Figure f : figures) {
      out.append(String.format("| %s | %,d | %s | %s | %,.0f | %s | %s |%n", f.model(),
          f.parameters(), f.phase(), f.shape(), f.planned() / MIB,
          f.measured() < 0 ? f.note() : String.format("%,.0f", f.measured() / MIB),
          f.measured() < 0 ? "" : String.format("%.2f", f.planned() / (double) f.measured())));
    }
    return out.toString();
  }

  /**
   * Runs {@link PlanProbe} in a JVM of its own with a touched heap of {@code heap} bytes;
   * returns the growth it measured, or -1 when it was stopped because the machine's available
   * memory fell below {@link #SPARE}.
   */
  static long probe(String phase, File file, List<String> overrides, long heap,
      Map<String, String> environment) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-Xmx") && !arg.startsWith("-Xms")) {
        command.add(arg);
      }
    }
    long mib = heap >> 20;
    command.addAll(List.of("-Xms" + mib + "m", "-Xmx" + mib + "m", "-XX:+AlwaysPreTouch",
        "-cp", System.getProperty("java.class.path"), PlanProbe.class.getName(), phase,
        file == null ? "-" : file.getPath()));
    command.addAll(overrides);
    Path log = Files.createTempFile("plan-probe", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process p = builder.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
      while (!p.waitFor(250, TimeUnit.MILLISECONDS)) {
        if (ResidentMemory.available() < SPARE) {
          p.destroyForcibly().waitFor();
          return -1;
        }
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("the " + phase + " probe ran past 20 minutes");
        }
      }
      List<String> lines = Files.readAllLines(log);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("the " + phase + " probe exited " + p.exitValue()
            + ":\n" + String.join("\n", lines));
      }
      return lines.stream().filter(l -> l.startsWith(PlanProbe.GROWN))
          .mapToLong(l -> Long.parseLong(l.substring(PlanProbe.GROWN.length()).trim()))
          .findFirst().orElseThrow(() -> new IllegalStateException("the " + phase
              + " probe printed no figure:\n" + String.join("\n", lines)));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}

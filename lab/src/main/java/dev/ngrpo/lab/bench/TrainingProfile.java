package dev.ngrpo.lab.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training step under libtorch's profiler ({@code JniUtils.startProfile}, which DJL exposes
 * for the PyTorch engine), summed by phase and operator: where the forward pass, the backward
 * pass and the optimizer spend their time, and on which shapes.
 *
 * <p>The trace (Chrome's trace format, one event per operator call with its start, duration and
 * input shapes) is kept next to the summary for a closer look. Each call is charged its self
 * time, its duration less the calls nested in it on the same thread, so the phases add up to
 * the profiled time. The backward phase runs from the first to the end of the last event of
 * the autograd engine ({@code autograd::engine::evaluate_function: ...}); what comes before is
 * the forward pass and the loss, what comes after is clipping, AdamW and zeroing the gradients.
 * The profiler records the calling thread's operators; libtorch's intra-op worker threads run
 * inside them.
 */
public final class TrainingProfile {
  private static final String AUTOGRAD_EVENT = "autograd::engine::";

  /**
   * One operator on one set of input shapes.
   *
   * @param op libtorch's name, e.g. {@code aten::mm} or {@code aten::fill_}
   * @param shapes the input shapes as the profiler prints them
   * @param calls calls in the phase
   * @param seconds self time of all those calls
   */
  public record OperatorTime(String op, String shapes, int calls, double seconds) {}

  /**
   * One phase of the step.
   *
   * @param name {@code forward}, {@code backward} or {@code optimizer}
   * @param seconds self time of every call in the phase
   * @param top the operators with the most self time, most first
   */
  public record Phase(String name, double seconds, List<OperatorTime> top) {}

  private TrainingProfile() {}

  /**
   * Runs {@code step} under the profiler, writes the trace to {@code trace} and sums it.
   *
   * @param top operators to list per phase
   */
  public static List<Phase> record(Runnable step, Path trace, int top) throws IOException {
    Files.createDirectories(trace.toAbsolutePath().getParent());
    JniUtils.startProfile(false, true, false);
    try {
      step.run();
    } finally {
      JniUtils.stopProfile(trace.toString());
    }
    return summarize(new ObjectMapper().readTree(trace.toFile()), top);
  }

  /** Sums a trace's events (a JSON array) by phase and operator. */
  static List<Phase> summarize(JsonNode events, int top) {
    List<Event> calls = new ArrayList<>();
    double backwardStart = Double.POSITIVE_INFINITY;
    double backwardEnd = Double.NEGATIVE_INFINITY;
    for (JsonNode e : events) {
      if (!"X".equals(e.path("ph").asText())) {
        continue;
      }
      Event call = new Event(e.path("name").asText(), String.valueOf(e.get("shape")),
          e.path("tid").asText(), e.path("ts").asDouble(), e.path("dur").asDouble());
      calls.add(call);
      if (call.name.startsWith(AUTOGRAD_EVENT)) {
        backwardStart = Math.min(backwardStart, call.start);
        backwardEnd = Math.max(backwardEnd, call.start + call.duration);
      }
    }
    chargeSelfTimes(calls);
    String[] names = {"forward", "backward", "optimizer"};
    List<Map<String, Total>> byPhase = new ArrayList<>();
    double[] micros = new double[names.length];
    for (int i = 0; i < names.length; i++) {
      byPhase.add(new LinkedHashMap<>());
    }
    for (Event call : calls) {
      int phase = call.start < backwardStart ? 0 : call.start < backwardEnd ? 1 : 2;
      micros[phase] += call.self;
      Total t = byPhase.get(phase).computeIfAbsent(call.name + " " + call.shapes,
          k -> new Total(call.name, call.shapes));
      t.calls++;
      t.micros += call.self;
    }
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      phases.add(new Phase(names[i], micros[i] / 1e6, byPhase.get(i).values().stream()
          .sorted(Comparator.comparingDouble((Total t) -> t.micros).reversed())
          .limit(top)
          .map(t -> new OperatorTime(t.op, t.shapes, t.calls, t.micros / 1e6))
          .toList()));
    }
    return phases;
  }

  /** Self time: each call's duration less that of the calls directly nested in it. */
  private static void chargeSelfTimes(List<Event> calls) {
    Map<String, List<Event>> byThread = new LinkedHashMap<>();
    for (Event call : calls) {
      byThread.computeIfAbsent(call.thread, t -> new ArrayList<>()).add(call);
    }
    for (List<Event> thread : byThread.values()) {
      // outer calls first where two start together, so a call's parent is below it
      thread.sort(Comparator.comparingDouble((Event e) -> e.start)
          .thenComparing(Comparator.comparingDouble((Event e) -> e.duration).reversed()));
      Deque<Event> open = new ArrayDeque<>();
      for (Event call : thread) {
        while (!open.isEmpty() && open.peek().start + open.peek().duration <= call.start) {
          open.pop();
        }
        if (!open.isEmpty()) {
          open.peek().self -= call.duration;
        }
        open.push(call);
      }
    }
  }

  /** An operator's calls on one set of shapes in one phase, summed in microseconds. */
  private static final class Total {
    final String op;
    final String shapes;
    int calls;
    double micros;

    Total(String op, String shapes) {
      this.op = op;
      this.shapes = shapes;
    }
  }

  /** One operator call, times in microseconds as the trace has them. */
  private static final class Event {
    final String name;
    final String shapes;
    final String thread;
    final double start;
    final double duration;
    double self;

    Event(String name, String shapes, String thread, double start, double duration) {
      this.name = name;
      this.shapes = shapes;
      this.thread = thread;
      this.start = start;
      this.duration = duration;
      this.self = duration;
    }
  }
}

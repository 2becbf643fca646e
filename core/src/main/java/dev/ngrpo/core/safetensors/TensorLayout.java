package dev.ngrpo.core.safetensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tensor names and shapes a model expects, checked against what a file provides before any
 * weight is copied into the model, so a wrong checkpoint fails with one message that lists
 * every difference instead of a shape error deep inside a forward pass.
 */
public final class TensorLayout {
  /** Differences listed per kind before the message summarizes the rest. */
  static final int MAX_LISTED = 20;

  private final Map<String, long[]> shapes;

  private TensorLayout(Map<String, long[]> shapes) {
    this.shapes = shapes;
  }

  /** A layout from expected shapes by name (iteration order is kept for messages). */
  public static TensorLayout of(Map<String, long[]> shapes) {
    Map<String, long[]> copy = new LinkedHashMap<>();
    shapes.forEach((name, shape) -> copy.put(Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(shape, "shape of " + name).clone()));
    return new TensorLayout(Collections.unmodifiableMap(copy));
  }

  /** The layout that {@code tensors} have, e.g. to check a file against a model's own weights. */
  public static TensorLayout ofTensors(Map<String, HostTensor> tensors) {
    return of(SafetensorsWriter.shapes(tensors));
  }

  /** Expected tensor names, in order. */
  public List<String> names() {
    return List.copyOf(shapes.keySet());
  }

  /** The expected shape of {@code name}; fails naming it when the layout has no such tensor. */
  public long[] shape(String name) {
    long[] s = shapes.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no tensor '" + name + "' in the layout");
    }
    return s.clone();
  }

  /**
   * Fails with an {@link IllegalArgumentException} unless {@code found} has exactly the expected
   * names with the expected shapes. The message names {@code source} and lists missing tensors
   * (with the expected shape), extra ones (with the found shape) and mis-shaped ones, e.g.
   * {@code model.layers.0.self_attn.q_proj.weight: expected [64, 64], found [64, 32]}.
   */
  public void check(Map<String, HostTensor> found, String source) {
    checkShapes(SafetensorsWriter.shapes(found), source);
  }

  /** {@link #check} of names and shapes alone (tensors not decoded yet). */
  public void checkShapes(Map<String, long[]> found, String source) {
    List<String> missing = new ArrayList<>();
    List<String> misShaped = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    shapes.forEach((name, expected) -> {
      long[] shape = found.get(name);
      if (shape == null) {
        missing.add(name + ": expected " + Arrays.toString(expected));
      } else if (!Arrays.equals(expected, shape)) {
        misShaped.add(name + ": expected " + Arrays.toString(expected) + ", found "
            + Arrays.toString(shape));
      }
    });
    found.forEach((name, shape) -> {
      if (!shapes.containsKey(name)) {
        extra.add(name + ": found " + Arrays.toString(shape));
      }
    });
    if (missing.isEmpty() && misShaped.isEmpty() && extra.isEmpty()) {
      return;
    }
    StringBuilder msg = new StringBuilder(source).append(": tensors do not match the model (")
        .append(missing.size()).append(" missing, ").append(extra.size()).append(" extra, ")
        .append(misShaped.size()).append(" mis-shaped)");
    list(msg, "missing", missing);
    list(msg, "extra", extra);
    list(msg, "mis-shaped", misShaped);
    throw new IllegalArgumentException(msg.toString());
  }

  private static void list(StringBuilder msg, String kind, List<String> lines) {
    for (int i = 0; i < Math.min(lines.size(), MAX_LISTED); i++) {
      msg.append("\n  ").append(kind).append(' ').append(lines.get(i));
    }
    if (lines.size() > MAX_LISTED) {
      msg.append("\n  ... and ").append(lines.size() - MAX_LISTED).append(" more ").append(kind);
    }
  }

  @Override
  public String toString() {
    return "TensorLayout[" + shapes.size() + " tensors]";
  }
}

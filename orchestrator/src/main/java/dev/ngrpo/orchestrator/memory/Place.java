package dev.ngrpo.orchestrator.memory;

/**
 * Where a process keeps bytes, each with a budget of its own: the JVM heap
 * ({@code spark.*.memory}), libtorch's CPU tensors and other native memory outside it
 * ({@code spark.*.memoryOverhead} in a container), and a GPU's memory.
 */
public enum Place {
  HEAP("heap"),
  OFF_HEAP("off-heap"),
  GPU("GPU");

  private final String label;

  Place(String label) {
    this.label = label;
  }

  /** How the plan names it. */
  public String label() {
    return label;
  }
}

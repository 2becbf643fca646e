package dev.ngrpo.learner.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs tensor code in its own {@link NDScope}, so every intermediate array it creates is closed
 * when it returns, and only the results survive. Op results attach to the manager of their first
 * operand, often a long-lived one (a parameter's), so without this every step would leak its
 * intermediates (STACK.md, DJL footgun 3).
 *
 * <p>The surviving results are handed to the enclosing {@code NDScope}, if there is one, so a
 * caller that scopes its whole step still closes them. The body must therefore return arrays it
 * created itself, never one of its inputs. Closing an intermediate does not break autograd:
 * the graph keeps its own references to the tensors it saved.
 */
public final class Scoped {
  private Scoped() {}

  /** The array {@code body} returns, with everything else it created closed. */
  public static NDArray result(Supplier<NDArray> body) {
    NDArray out;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      out = body.get();
      NDScope.unregister(out);
    }
    NDScope.register(out);
    return out;
  }

  /** The arrays {@code body} returns, with everything else it created closed. */
  public static NDList results(Supplier<NDList> body) {
    NDList out;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      out = body.get();
      NDScope.unregister(out);
    }
    for (NDArray a : out) {
      NDScope.register(a);
    }
    return out;
  }
}

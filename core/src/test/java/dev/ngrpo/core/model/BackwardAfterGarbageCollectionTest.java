package dev.ngrpo.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: the forward pass once used DJL's Number overloads (attention scale, RMSNorm
 * exponent, temperature), whose scalars live in Java direct buffers that are freed as soon as
 * the garbage collector runs, while autograd still needs them. A backward pass after a
 * collection and a burst of direct allocations (which reuse that memory) then returned garbage
 * gradients. Gradients must not depend on what the garbage collector did in between.
 */
class BackwardAfterGarbageCollectionTest {
  private static final int[][] PROMPTS = {{3, 4, 5}, {6, 7}, {8, 9, 10, 11}};
  private static final int[][] RESPONSES = {{2, 3, 1}, {4, 1}, {5, 6, 7, 1}};

  @Test
  void gradientsAreTheSameWithAndWithoutACollectionBeforeBackward() throws Exception {
    try (PolicyModel model = TinyModels.create(TinyModels.gqaWithBias(), 31)) {
      model.setTrainable(true);
      List<float[]> quiet = gradients(model, false);
      for (int attempt = 0; attempt < 3; attempt++) {
        List<float[]> disturbed = gradients(model, true);
        for (int i = 0; i < quiet.size(); i++) {
          assertThat(disturbed.get(i)).as("gradient of %s", model.parameterNames().get(i))
              .isEqualTo(quiet.get(i));
        }
      }
    }
  }

  private static List<float[]> gradients(PolicyModel model, boolean disturb) throws Exception {
    try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      List<float[]> out = new ArrayList<>();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        // temperature 1.5 takes the logits / tau path too
        ScoredTokens s = TokenScorer.score(model, m, PROMPTS, RESPONSES, 1.5f, true);
        NDArray loss = s.logProbs().sum().add(s.entropy().sum());
        if (disturb) {
          System.gc();
          Thread.sleep(20);
          List<ByteBuffer> churn = new ArrayList<>();
          for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 8) * 4);
            while (b.hasRemaining()) {
              b.put((byte) 0xFF); // NaN bit patterns wherever freed memory is reused
            }
            churn.add(b);
          }
          assertThat(churn).hasSize(20_000);
        }
        gc.backward(loss);
      }
      for (NDArray p : model.parameters()) {
        out.add(p.getGradient().toFloatArray());
      }
      Gradients.zero(model.parameters());
      return out;
    }
  }
}

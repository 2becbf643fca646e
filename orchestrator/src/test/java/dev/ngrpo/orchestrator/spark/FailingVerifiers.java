package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.ArithmeticVerifier;
import dev.ngrpo.rollout.verify.Verifier;
import org.apache.spark.TaskContext;

/** Verifiers that make rollout tasks fail, for fault tests (found by class name). */
public final class FailingVerifiers {
  private FailingVerifiers() {}

  /** Kills the first attempt of every task; later attempts score like {@code arithmetic}. */
  public static final class FirstAttempt implements Verifier {
    private final ArithmeticVerifier arithmetic = new ArithmeticVerifier(AnswerFormat.NONE);

    @Override
    public float score(String response, String referenceAnswer) {
      TaskContext task = TaskContext.get();
      if (task != null && task.attemptNumber() == 0) {
        throw new AssertionError("injected failure of the first attempt");
      }
      return arithmetic.score(response, referenceAnswer);
    }
  }

  /** Kills every attempt. */
  public static final class Always implements Verifier {
    @Override
    public float score(String response, String referenceAnswer) {
      throw new AssertionError("injected failure of every attempt");
    }
  }
}

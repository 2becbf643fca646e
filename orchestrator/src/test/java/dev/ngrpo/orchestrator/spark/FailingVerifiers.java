package dev.ngrpo.orchestrator.spark;

import dev.ngrpo.rollout.verify.AnswerFormat;
import dev.ngrpo.rollout.verify.ArithmeticVerifier;
import dev.ngrpo.rollout.verify.Verifier;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Verifiers that make rollout tasks fail, for fault tests (found by class name). A verifier is
 * built on the task's thread but scores on a pool thread (under its time limit), where
 * {@link TaskContext#get()} is null, so each keeps the task it was built for.
 */
public final class FailingVerifiers {
  private FailingVerifiers() {}

  /** Kills the first attempt of every task; later attempts score like {@code arithmetic}. */
  public static final class FirstAttempt implements Verifier {
    private final ArithmeticVerifier arithmetic = new ArithmeticVerifier(AnswerFormat.NONE);
    private final TaskContext task = TaskContext.get();

    @Override
    public float score(String response, String referenceAnswer) {
      if (task != null && task.attemptNumber() == 0) {
        throw new AssertionError("injected failure of the first attempt");
      }
      return arithmetic.score(response, referenceAnswer);
    }
  }

  /**
   * Fails the first attempt of every task with an ordinary exception while the task builds its
   * verifier (a plug-in whose set-up fails once); later attempts score like {@code arithmetic}.
   */
  public static final class FirstAttemptBuild implements Verifier {
    private final ArithmeticVerifier arithmetic = new ArithmeticVerifier(AnswerFormat.NONE);

    public FirstAttemptBuild() {
      TaskContext task = TaskContext.get();
      if (task != null && task.attemptNumber() == 0) {
        throw new IllegalStateException("injected failure of the first attempt");
      }
    }

    @Override
    public float score(String response, String referenceAnswer) {
      return arithmetic.score(response, referenceAnswer);
    }
  }

  /**
   * Halts the executor JVM running the first attempt of partition 0, as {@code kill -9} would
   * (never the driver's JVM); every other attempt scores like {@code arithmetic}.
   */
  public static final class HaltExecutorOnce implements Verifier {
    private final ArithmeticVerifier arithmetic = new ArithmeticVerifier(AnswerFormat.NONE);
    private final TaskContext task = TaskContext.get();

    @Override
    public float score(String response, String referenceAnswer) {
      SparkEnv env = SparkEnv.get();
      if (task != null && task.partitionId() == 0 && task.attemptNumber() == 0 && env != null
          && !"driver".equals(env.executorId())) {
        Runtime.getRuntime().halt(137);
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

  /**
   * Throws (an ordinary exception, not an error) for every reference answer divisible by 7, a
   * fixed subset of the arithmetic task; scores like {@code arithmetic} otherwise.
   */
  public static final class ThrowsOnSevens implements Verifier {
    private final ArithmeticVerifier arithmetic = new ArithmeticVerifier(AnswerFormat.NONE);

    @Override
    public float score(String response, String referenceAnswer) {
      if (Integer.parseInt(referenceAnswer.trim()) % 7 == 0) {
        throw new IllegalStateException("cannot judge reference " + referenceAnswer);
      }
      return arithmetic.score(response, referenceAnswer);
    }
  }
}

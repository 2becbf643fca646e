package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.data.Prompt;

/**
 * One problem of the arithmetic task, {@code a op b} with non-negative operands.
 *
 * <p>Format (what the model sees and must produce): the prompt is the problem followed by the
 * marker {@code =}, with no spaces, e.g. {@code "37+45="}, {@code "12-57="}, {@code "6*7="};
 * the expected response is the exact integer result in decimal, with a leading {@code -} when
 * negative and no leading zeros, e.g. {@code "82"}, {@code "-45"}, {@code "42"}, followed by
 * the end-of-sequence token. See {@link dev.ngrpo.rollout.verify.ArithmeticVerifier} for what
 * the verifier accepts.
 *
 * @param a the first operand
 * @param operation the operation
 * @param b the second operand
 */
public record ArithmeticProblem(long a, Operation operation, long b)
    implements SplitDraw.Problem {

  /** The canonical problem, {@code "37+45"}; its hash decides the split. */
  public String text() {
    return a + operation.symbol() + b;
  }

  /** The split key: the canonical problem. */
  @Override
  public String splitKey() {
    return text();
  }

  /** The prompt, {@code "37+45="}. */
  public String prompt() {
    return text() + "=";
  }

  /** The reference answer, {@code "82"}. */
  public String answer() {
    return Long.toString(operation.apply(a, b));
  }

  /** This problem as the {@code index}-th prompt of its split, with id {@code arithmetic:37+45}. */
  @Override
  public Prompt toPrompt(long index) {
    return new Prompt(ArithmeticTask.NAME + ":" + text(), index, ArithmeticTask.NAME, prompt(),
        answer());
  }
}

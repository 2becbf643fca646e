package dev.ngrpo.orchestrator.task;

import dev.ngrpo.core.data.Prompt;

/**
 * One problem of the word-problem task: a {@link Story} about a person and some objects whose
 * answer is {@code a op b}, e.g. "Tom has 17 apples and buys 25 more. How many apples does he
 * have? Put the final answer in \boxed{}." with answer {@code "42"}.
 *
 * <p>Format: the prompt is the story followed by {@value #INSTRUCTION}, as MATH-style prompts
 * ask for the answer; the expected response holds {@code \boxed{42}}: the {@code math}
 * verifier with {@code ngrpo.verifier.format = boxed} scores it.
 *
 * @param story the sentence template and its operation
 * @param person who the story is about
 * @param object the plural noun counted
 * @param a the first operand as the story tells it (what there is at first)
 * @param b the second operand
 */
record WordProblem(Story story, Story.Person person, String object, long a, long b)
    implements SplitDraw.Problem {
  /** What every prompt ends with. */
  static final String INSTRUCTION = "Put the final answer in \\boxed{}.";

  /** The equation the story asks for, {@code "17+25"}; its hash decides the split. */
  public String equation() {
    return a + story.operation().symbol() + b;
  }

  /** The split key: the equation, so that no wording of a held-out equation is trained on. */
  @Override
  public String splitKey() {
    return equation();
  }

  /** The prompt: the story and the instruction. */
  public String prompt() {
    return story.tell(person, object, a, b) + " " + INSTRUCTION;
  }

  /** The reference answer, {@code "42"}. */
  public String answer() {
    return Long.toString(story.operation().apply(a, b));
  }

  /**
   * This problem as the {@code index}-th prompt of its split, with an id that names its parts,
   * {@code word-problems:buys:Tom:apples:17+25}.
   */
  @Override
  public Prompt toPrompt(long index) {
    String id = WordProblemTask.NAME + ":" + story.key() + ":" + person.name() + ":" + object
        + ":" + equation();
    return new Prompt(id, index, WordProblemTask.NAME, prompt(), answer());
  }
}

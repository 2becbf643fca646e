package dev.ngrpo.orchestrator.task;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentence template of the word-problem task: one arithmetic operation told as a short story
 * about a person and some objects. Placeholders: {@code {name}}, {@code {pronoun}},
 * {@code {object}} (a plural noun), and the operands {@code {a}} and {@code {b}} of the
 * equation the story asks for ({@code a op b}): a subtraction story starts from {@code a} and
 * takes {@code b} away, so its answer is never negative.
 */
enum Story {
  BUYS("buys", Operation.ADD,
      "{name} has {a} {object} and buys {b} more. How many {object} does {pronoun} have?"),
  FINDS("finds", Operation.ADD,
      "{name} had {a} {object} and found {b} more. How many {object} does {name} have now?"),
  GIVES("gives", Operation.SUBTRACT, "{name} has {a} {object} and gives {b} to a friend."
      + " How many {object} does {pronoun} have left?"),
  LOSES("loses", Operation.SUBTRACT,
      "{name} had {a} {object} and lost {b} of them. How many {object} does {name} have now?"),
  BOXES("boxes", Operation.MULTIPLY, "{name} has {a} boxes with {b} {object} in each box."
      + " How many {object} does {pronoun} have?"),
  BAGS("bags", Operation.MULTIPLY,
      "{name} fills {a} bags with {b} {object} each. How many {object} are in the bags?");

  private final String key;
  private final Operation operation;
  private final String template;

  Story(String key, Operation operation, String template) {
    this.key = key;
    this.operation = operation;
    this.template = template;
  }

  /** The story's name in prompt ids. */
  String key() {
    return key;
  }

  /** The operation the story asks for. */
  Operation operation() {
    return operation;
  }

  /** The stories of {@code operation}, in declaration order. */
  static List<Story> of(Operation operation) {
    List<Story> stories = new ArrayList<>();
    for (Story s : values()) {
      if (s.operation == operation) {
        stories.add(s);
      }
    }
    return stories;
  }

  /** The story told about {@code person} and {@code object} with operands {@code a, b}. */
  String tell(Person person, String object, long a, long b) {
    return template.replace("{name}", person.name()).replace("{pronoun}", person.pronoun())
        .replace("{object}", object).replace("{a}", Long.toString(a))
        .replace("{b}", Long.toString(b));
  }

  /** Who a story is about. */
  record Person(String name, String pronoun) {}
}

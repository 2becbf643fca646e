package dev.ngrpo.core.tokenizer;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Qwen's ChatML: a system turn, the user turn, and the opening of the assistant turn.
 *
 * <pre>
 * &lt;|im_start|&gt;system\n{system}&lt;|im_end|&gt;\n
 * &lt;|im_start|&gt;user\n{message}&lt;|im_end|&gt;\n
 * &lt;|im_start|&gt;assistant\n
 * </pre>
 *
 * An empty system text leaves the system turn out. The answer ends at {@code <|im_end|>} (or
 * {@code <|endoftext|>}, which base checkpoints emit).
 *
 * @param system the system message
 */
public record ChatMlTemplate(String system) implements ChatTemplate, Serializable {
  /** The system message Qwen2's template uses when none is given. */
  public static final String DEFAULT_SYSTEM = "You are a helpful assistant.";
  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";
  public static final String END_OF_TEXT = "<|endoftext|>";

  public ChatMlTemplate {
    Objects.requireNonNull(system, "system");
  }

  @Override
  public String render(String userMessage) {
    Objects.requireNonNull(userMessage, "userMessage");
    String systemTurn = system.isEmpty() ? "" : IM_START + "system\n" + system + IM_END + "\n";
    return systemTurn + IM_START + "user\n" + userMessage + IM_END + "\n" + IM_START
        + "assistant\n";
  }

  @Override
  public List<String> stopStrings() {
    return List.of(IM_END, END_OF_TEXT);
  }
}

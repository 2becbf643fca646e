package dev.ngrpo.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChatTemplatesTest {
  @Test
  void chatmlWithTheDefaultSystem() {
    ChatTemplate t = ChatTemplates.create("chatml");
    assertThat(t).isEqualTo(new ChatMlTemplate(ChatMlTemplate.DEFAULT_SYSTEM));
    assertThat(t.render("What is 2+3?")).isEqualTo(
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\nWhat is 2+3?<|im_end|>\n"
            + "<|im_start|>assistant\n");
    assertThat(t.stopStrings()).containsExactly("<|im_end|>", "<|endoftext|>");
  }

  @Test
  void chatmlWithAConfiguredOrNoSystem() {
    assertThat(ChatTemplates.create("chatml", "Answer with a number.").render("1+1")).isEqualTo(
        "<|im_start|>system\nAnswer with a number.<|im_end|>\n"
            + "<|im_start|>user\n1+1<|im_end|>\n<|im_start|>assistant\n");
    assertThat(ChatTemplates.create("chatml", "").render("1+1"))
        .isEqualTo("<|im_start|>user\n1+1<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void plainIsTheTextAfterAnOptionalPrefix() {
    assertThat(ChatTemplates.create("plain").render("12+7=")).isEqualTo("12+7=");
    assertThat(ChatTemplates.create("plain", "Q: ").render("12+7=")).isEqualTo("Q: 12+7=");
    assertThat(ChatTemplates.create("plain").stopStrings()).isEmpty();
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> ChatTemplates.create("llama3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown chat template 'llama3'; known: plain, chatml, model");
    assertThat(ChatTemplates.names()).containsExactly("plain", "chatml", "model");
  }

  @Test
  void theModelsOwnTemplateNeedsAFolder() {
    assertThatThrownBy(() -> ChatTemplates.create("model", "Be brief."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chat template 'model' renders the model folder's own template, and a fresh"
            + " model has none: use 'plain' or 'chatml'");
  }
}

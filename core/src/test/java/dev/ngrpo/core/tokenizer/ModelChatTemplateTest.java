package dev.ngrpo.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.tokenizer.jinja.JinjaEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Published chat templates rendered through the loading path (a {@code tokenizer_config.json}
 * written into a folder), against prompts written out by hand from transformers' documented
 * {@code apply_chat_template(messages, add_generation_prompt=True)}: each template's text read
 * as jinja2 reads it (trim_blocks, lstrip_blocks, <code>{%-</code> and <code>-%}</code>
 * stripping). The expected strings were checked once against jinja2 3.1.6 set up as transformers'
 * {@code _compile_jinja_template} sets it up (same environment, filters and globals, same
 * variables); transformers itself is not installed on this machine and was not run. The
 * templates are Qwen2.5-Instruct's, Llama 3.0/3.1/3.2 Instruct's and gemma-2-it's as published,
 * transcribed from public copies (the whitespace between their tags may differ from the
 * originals, which their <code>{%-</code> tags make irrelevant to the output).
 */
class ModelChatTemplateTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String QUESTION = "What is 2+3?";

  /** Meta-Llama-3-8B-Instruct's template (Llama 3.0), one line as in its config. */
  private static final String LLAMA_3_0 = "{% set loop_messages = messages %}"
      + "{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role']"
      + " + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}"
      + "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
      + "{{ content }}{% endfor %}{% if add_generation_prompt %}"
      + "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

  /** gemma-2-it's template: refuses a system message with raise_exception. */
  private static final String GEMMA_2 = "{{ bos_token }}{% if messages[0]['role'] == 'system' %}"
      + "{{ raise_exception('System role not supported') }}{% endif %}"
      + "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0)"
      + " %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/"
      + "...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}"
      + "{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n'"
      + " + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}"
      + "{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}";

  @TempDir
  Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = ModelChatTemplateTest.class.getResourceAsStream(
        "/chat-templates/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A folder whose tokenizer_config.json holds {@code template} and the given tokens. */
  private LocalModelFiles folder(String template, String bos, String eos) throws IOException {
    ObjectNode config = JSON.createObjectNode();
    config.put("bos_token", bos);
    config.put("eos_token", eos);
    config.put("chat_template", template);
    Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(config));
    return new LocalModelFiles(dir);
  }

  private static ChatTemplate model(LocalModelFiles files, String system) throws IOException {
    return ChatTemplates.create("model", system, files);
  }

  @Test
  void qwen25WithoutASystemMessageUsesItsOwnDefault() throws IOException {
    // Qwen2.5-Instruct's config: bos_token null, eos_token <|im_end|>
    LocalModelFiles files = folder(resource("qwen2.5-instruct.jinja"), null, "<|im_end|>");
    ChatTemplate t = model(files, "");
    assertThat(t.render(QUESTION)).isEqualTo("<|im_start|>system\nYou are Qwen, created by"
        + " Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is"
        + " 2+3?<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.stopStrings()).containsExactly("<|im_end|>");
  }

  @Test
  void qwen25WithASystemMessage() throws IOException {
    LocalModelFiles files = folder(resource("qwen2.5-instruct.jinja"), null, "<|im_end|>");
    assertThat(model(files, "Be brief.").render(QUESTION)).isEqualTo(
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+3?<|im_end|>\n"
            + "<|im_start|>assistant\n");
  }

  @Test
  void aMessageIsTextNeverTemplateSyntax() throws IOException {
    // LaTeX puts "{{" in prompts; jinja2 never renders a variable's value again
    String math = "Find {{ x }} in \\frac{{a}}{b} {% if %} {# c #} <b>&";
    LocalModelFiles files = folder(resource("qwen2.5-instruct.jinja"), null, "<|im_end|>");
    assertThat(model(files, "Be brief.").render(math)).isEqualTo(
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n" + math + "<|im_end|>\n"
            + "<|im_start|>assistant\n");
  }

  @Test
  void llama30WithoutAndWithASystemMessage() throws IOException {
    // its config at release named <|end_of_text|> as eos; turns end with <|eot_id|>
    LocalModelFiles files = folder(LLAMA_3_0, "<|begin_of_text|>", "<|end_of_text|>");
    ChatTemplate t = model(files, null);
    assertThat(t.render(QUESTION)).isEqualTo("<|begin_of_text|><|start_header_id|>user"
        + "<|end_header_id|>\n\nWhat is 2+3?<|eot_id|><|start_header_id|>assistant"
        + "<|end_header_id|>\n\n");
    assertThat(t.stopStrings()).containsExactly("<|end_of_text|>", "<|eot_id|>");
    assertThat(model(files, "Be brief.").render(QUESTION)).isEqualTo("<|begin_of_text|>"
        + "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+3?<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void llama3TrimsTheMessageAsPythonsStripDoes() throws IOException {
    // `message['content'] | trim` binds before `+`; Python's strip also removes U+00A0 and
    // U+3000, which Java's String.trim keeps
    LocalModelFiles files = folder(LLAMA_3_0, "<|begin_of_text|>", "<|eot_id|>");
    assertThat(model(files, "").render(" \u00a0What is 2+3?\u3000\n")).isEqualTo(
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+3?<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void llama31PutsTheKnowledgeAndFixedDatesInTheSystemTurn() throws IOException {
    LocalModelFiles files = folder(resource("llama3.1-instruct.jinja"), "<|begin_of_text|>",
        "<|eot_id|>");
    ChatTemplate t = model(files, "");
    assertThat(t.render(QUESTION)).isEqualTo("<|begin_of_text|><|start_header_id|>system"
        + "<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024"
        + "\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+3?<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(t.stopStrings()).containsExactly("<|eot_id|>", "<|eom_id|>");
    assertThat(model(files, "Be brief.").render(QUESTION)).isEqualTo("<|begin_of_text|>"
        + "<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023"
        + "\nToday Date: 26 Jul 2024\n\nBe brief.<|eot_id|><|start_header_id|>user"
        + "<|end_header_id|>\n\nWhat is 2+3?<|eot_id|><|start_header_id|>assistant"
        + "<|end_header_id|>\n\n");
  }

  @Test
  void llama32DatesTheSystemTurnWithStrftimeNow() throws IOException {
    // strftime_now is defined under transformers, so the template takes today's date
    Clock clock = Clock.fixed(Instant.parse("2026-03-05T10:00:00Z"), ZoneOffset.UTC);
    ChatTemplateSource source = ChatTemplateSource.read(folder(
        resource("llama3.2-instruct.jinja"), "<|begin_of_text|>", "<|eot_id|>")).orElseThrow();
    ModelChatTemplate t = ModelChatTemplate.of(source, "Be brief.", new JinjaEngine(clock));
    assertThat(t.render(QUESTION)).isEqualTo("<|begin_of_text|><|start_header_id|>system"
        + "<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 05 Mar 2026"
        + "\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+3?"
        + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(t.stopStrings()).containsExactly("<|eot_id|>");
  }

  @Test
  void aTemplateThatRaisesFailsWithItsMessageAndFile() throws IOException {
    LocalModelFiles files = folder(GEMMA_2, "<bos>", "<eos>");
    ChatTemplate t = model(files, "");
    assertThat(t.render(QUESTION)).isEqualTo(
        "<bos><start_of_turn>user\nWhat is 2+3?<end_of_turn>\n<start_of_turn>model\n");
    assertThat(t.stopStrings()).containsExactly("<eos>", "<end_of_turn>");
    assertThatThrownBy(() -> model(files, "Be brief."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir.resolve("tokenizer_config.json") + " chat_template: the chat template"
            + " raised an exception: System role not supported");
  }

  @Test
  void aMalformedTemplateFailsWhenBuiltNamingTheFile() throws IOException {
    LocalModelFiles files = folder("{% for message in messages %}{{ message.content }}",
        null, "</s>");
    assertThatThrownBy(() -> model(files, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(dir.resolve("tokenizer_config.json") + " chat_template: the chat"
            + " template does not render: line 1: ")
        .hasMessageContaining("Missing end tag: endfor");
  }

  @Test
  void aTemplateThatLeavesTheMessageOutFails() throws IOException {
    LocalModelFiles files = folder("{{ bos_token }}{% if add_generation_prompt %}A:{% endif %}",
        "<s>", "</s>");
    assertThatThrownBy(() -> model(files, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir.resolve("tokenizer_config.json") + " chat_template: the chat template"
            + " leaves the user message out: the message 'What is 2+3?' renders as '<s>A:'");
  }

  @Test
  void aFolderWithoutATemplateFallsBackToChatMl() throws IOException {
    // no tokenizer_config.json at all, then one without chat_template
    LocalModelFiles files = new LocalModelFiles(dir);
    assertThat(model(files, "")).isEqualTo(new ChatMlTemplate(""));
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
    ChatTemplate t = model(files, "Be brief.");
    assertThat(t).isEqualTo(new ChatMlTemplate("Be brief."));
    assertThat(t.render(QUESTION)).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n"
        + "<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void theJinjaFileWinsOverTheConfig() throws IOException {
    LocalModelFiles files = folder("{{ 'config: ' + messages[0].content }}", null, "</s>");
    Files.writeString(dir.resolve("chat_template.jinja"),
        "{{ 'file: ' + messages[0].content }}\n");
    assertThat(model(files, "").render("hi")).isEqualTo("file: hi");
  }

  @Test
  void theDefaultOfNamedTemplatesIsUsed() throws IOException {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": {\"content\":"
        + " \"</s>\"}, \"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"},"
        + " {\"name\": \"default\", \"template\": \"{{ messages[0].content }}{{ eos_token }}\"}]}");
    LocalModelFiles files = new LocalModelFiles(dir);
    assertThat(model(files, "").render("hi")).isEqualTo("hi</s>");

    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": ["
        + "{\"name\": \"tool_use\", \"template\": \"T\"},"
        + " {\"name\": \"rag\", \"template\": \"R\"}]}");
    assertThatThrownBy(() -> model(files, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir.resolve("tokenizer_config.json") + " chat_template lists templates"
            + " [tool_use, rag] but none named 'default' with a string template; transformers,"
            + " asked for no name, uses 'default'");
  }

  @Test
  void aTemplateOfAnotherTypeIsRefused() throws IOException {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": 7}");
    assertThatThrownBy(() -> model(new LocalModelFiles(dir), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir.resolve("tokenizer_config.json") + " chat_template must be a string or a"
            + " list of {\"name\", \"template\"}, got number");
  }
}

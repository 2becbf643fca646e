package dev.ngrpo.orchestrator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ngrpo.core.tokenizer.ChatTemplate;
import dev.ngrpo.orchestrator.TestRuns;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ngrpo.model.chat-template = model} from the run configuration: the folder at
 * {@code ngrpo.model.path} (read through Hadoop) gives the template, and a broken one is a
 * configuration error before Spark starts. Only config.json's presence and
 * tokenizer_config.json are read; no model is built.
 */
class StartingChatTemplateTest {
  @TempDir
  Path dir;

  private RunConfig run(Path model) {
    return TestRuns.config(dir.resolve("run"), "ngrpo.model { path = \"" + model.toUri()
        + "\", chat-template = model, system-prompt = \"Be brief.\" }");
  }

  private Path modelFolder(String tokenizerConfig) throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("config.json"), "{}");
    Files.writeString(model.resolve("tokenizer_config.json"), tokenizerConfig);
    return model;
  }

  @Test
  void theFoldersTemplateRendersTheRunsPrompts() throws Exception {
    Path model = modelFolder("{\"eos_token\": \"<|im_end|>\", \"chat_template\": \"{% for m in"
        + " messages %}<|im_start|>{{ m.role }}\\n{{ m.content }}<|im_end|>\\n{% endfor %}"
        + "{% if add_generation_prompt %}<|im_start|>assistant\\n{% endif %}\"}");
    RunConfig config = run(model);
    RunContext.checkInputs(config);
    ChatTemplate t = StartingPolicy.chatTemplate(config.model(), new Configuration());
    assertThat(t.render("1+1")).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n"
        + "<|im_start|>user\n1+1<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.stopStrings()).containsExactly("<|im_end|>");
  }

  @Test
  void aBrokenTemplateFailsTheInputCheckNamingTheFile() throws Exception {
    Path model = modelFolder("{\"chat_template\": \"{% if messages %}{{ messages[0].content }}\"}");
    assertThatThrownBy(() -> RunContext.checkInputs(run(model)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model/tokenizer_config.json chat_template: the chat template does"
            + " not render")
        .hasMessageContaining("Missing end tag: endif");
  }
}

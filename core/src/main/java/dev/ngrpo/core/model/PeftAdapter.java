package dev.ngrpo.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.ModelFiles;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.core.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LoRA adapters in PEFT's folder layout, which {@code PeftModel.from_pretrained(base, folder)}
 * loads: {@code adapter_config.json} ({@code peft_type} LORA, {@code r}, {@code lora_alpha},
 * {@code target_modules}, {@code lora_dropout}, {@code base_model_name_or_path}, ...) and {@code
 * adapter_model.safetensors} with PEFT's tensor names ({@link Adapters#nameA}), F32. A config
 * without {@code lora_dropout} reads as PEFT's default, 0.
 */
public final class PeftAdapter {
  /** The adapter's configuration file. */
  public static final String CONFIG = "adapter_config.json";
  /** The adapter's weights file. */
  public static final String WEIGHTS = "adapter_model.safetensors";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PeftAdapter() {}

  /**
   * What a folder holds.
   *
   * @param settings rank, alpha, target modules and dropout
   * @param tensors adapter tensors under PEFT's names
   * @param baseModel {@code base_model_name_or_path}
   */
  public record Loaded(LoraSettings settings, Map<String, HostTensor> tensors,
      String baseModel) {}

  /** Writes {@code adapters} into {@code files}; {@code baseModel} names the base model. */
  public static void save(Adapters adapters, String baseModel, ModelFiles files)
      throws IOException {
    LoraSettings s = adapters.settings();
    ObjectNode config = JSON.createObjectNode();
    config.put("peft_type", "LORA");
    config.put("task_type", "CAUSAL_LM");
    config.put("r", s.rank());
    config.put("lora_alpha", s.alpha());
    config.putPOJO("target_modules", s.targetModules());
    config.put("lora_dropout", s.dropout());
    config.put("bias", "none");
    config.put("fan_in_fan_out", false);
    config.put("inference_mode", true);
    config.put("base_model_name_or_path", baseModel);
    files.write(CONFIG, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    try (OutputStream out = files.create(WEIGHTS)) {
      SafetensorsWriter.write(out, adapters.toHostTensors(), Map.of("format", "pt"), DType.F32);
    }
  }

  /** True when {@code files} holds an adapter. */
  public static boolean exists(ModelFiles files) throws IOException {
    return files.exists(CONFIG);
  }

  /**
   * Reads the adapter in {@code files}.
   *
   * @throws IOException naming the file and key when it is not a LoRA adapter this model can use
   */
  public static Loaded load(ModelFiles files) throws IOException {
    String where = files.location(CONFIG);
    JsonNode c = JSON.readTree(files.readAllBytes(CONFIG));
    if (!"LORA".equals(c.path("peft_type").asText())) {
      throw new IOException(where + ": peft_type is '" + c.path("peft_type").asText()
          + "', only LORA adapters load here");
    }
    // a bias or fan-in-fan-out changes what the weights mean
    if (!"none".equals(c.path("bias").asText("none")) || c.path("fan_in_fan_out").asBoolean()) {
      throw new IOException(where + ": bias = " + c.path("bias").asText() + " and fan_in_fan_out"
          + " = " + c.path("fan_in_fan_out").asBoolean() + " are not supported (bias = none,"
          + " fan_in_fan_out = false are)");
    }
    JsonNode dropout = c.path("lora_dropout");
    if (!dropout.isMissingNode() && !dropout.isNumber()) {
      throw new IOException(where + ": lora_dropout = " + dropout + " is not a number");
    }
    List<String> modules = new ArrayList<>();
    c.path("target_modules").forEach(m -> modules.add(m.asText()));
    LoraSettings settings;
    try {
      settings = new LoraSettings(c.path("r").asInt(), c.path("lora_alpha").asDouble(), modules,
          dropout.asDouble(0));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + ": " + e.getMessage(), e);
    }
    Map<String, HostTensor> tensors;
    try (InputStream in = files.open(WEIGHTS)) {
      tensors = SafetensorsReader.read(in, files.location(WEIGHTS), files.size(WEIGHTS))
          .tensors();
    }
    return new Loaded(settings, tensors, c.path("base_model_name_or_path").asText(""));
  }
}

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.model.ScoredTokens;
import dev.ngrpo.core.model.TokenScorer;
import dev.ngrpo.core.model.WeightLoader;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.LocalModelFiles;
import dev.ngrpo.core.tokenizer.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Writes three small models in the Hugging Face layout (Qwen2 with q/k/v bias and GQA, tied
 * Llama, Llama with rope_theta 5e5 and 8 query over 2 kv heads), with non-trivial norms and
 * biases, plus this project's log-probs and entropies of fixed sequences (expected.json), for
 * check.py to compare against transformers. Usage (from the repository root, after a build):
 * java -Dai.djl.offline=true -cp "core/target/classes:$(cat core.cp)" \
 *     scripts/hf-compat/HfCompatExport.java OUT_DIR
 */
public class HfCompatExport {
  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    ModelConfig[] configs = {
      new ModelConfig("qwen2", 18, 32, 48, 2, 4, 2, 8, 1e-6, 10000.0, 64, false, true, -1, 1),
      ModelConfig.llama(18, 16, 32, 2, 2, 1, 64, true),
      new ModelConfig("llama", 18, 64, 96, 2, 8, 2, 8, 1e-5, 500000.0, 64, false, false, -1, 1)};
    int[][] prompts = {{3, 4, 5}, {7}, {2, 9, 9, 9, 11, 12}, {5, 5}};
    int[][] responses = {{6, 7, 1}, {8, 9, 10, 11, 12}, {1}, {3, 3, 3, 3}};
    StringBuilder json = new StringBuilder("[");
    for (int c = 0; c < configs.length; c++) {
      Path dir = out.resolve("m" + c);
      try (PolicyModel m = PolicyModel.initialize(configs[c], 40 + c, Device.cpu());
           CharTokenizer tok = CharTokenizer.arithmetic()) {
        // make norms non-trivial so they are checked too
        Map<String, HostTensor> t = m.toHostTensors();
        Random r = new Random(c);
        for (var e : t.entrySet()) if (e.getKey().contains("norm") || e.getKey().endsWith("bias"))
          for (int i = 0; i < e.getValue().values().length; i++) e.getValue().values()[i] += (float) (r.nextGaussian() * 0.1);
        WeightLoader.overwrite(m, t, "perturbed");
        ModelFolder.save(m, tok, new LocalModelFiles(dir), DType.F32, Long.MAX_VALUE);
        try (NDScope s = new NDScope(); NDManager mm = m.manager().newSubManager()) {
          ScoredTokens st = TokenScorer.score(m, mm, prompts, responses, 1f, true);
          json.append(c == 0 ? "" : ",").append("{\"dir\":\"m").append(c).append("\",\"logprobs\":")
              .append(Arrays.toString(st.logProbs().toFloatArray())).append(",\"entropy\":")
              .append(Arrays.toString(st.entropy().toFloatArray())).append(",\"width\":")
              .append(st.logProbs().getShape().get(1)).append("}");
        }
      }
    }
    json.append("]");
    Files.writeString(out.resolve("expected.json"), "{\"prompts\":" + Arrays.deepToString(prompts)
        + ",\"responses\":" + Arrays.deepToString(responses) + ",\"models\":" + json + "}");
  }
}

package dev.ngrpo.orchestrator.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ngrpo.core.model.ModelFolder;
import dev.ngrpo.core.model.PeftAdapter;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.DType;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.NamedTensors;
import dev.ngrpo.core.safetensors.SafetensorsFolder;
import dev.ngrpo.core.safetensors.SafetensorsReader;
import dev.ngrpo.core.safetensors.SafetensorsWriter;
import dev.ngrpo.core.store.CheckpointStore;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.core.tokenizer.Tokenizer;
import dev.ngrpo.learner.config.CriticConfig;
import dev.ngrpo.learner.critic.ValueModel;
import dev.ngrpo.learner.optim.AdamWState;
import dev.ngrpo.learner.step.Learner;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a training checkpoint holds, so a run resumes exactly and can be reproduced from the
 * folder alone:
 *
 * <pre>
 * step-00000012/
 *   model/                 Hugging Face folder: config.json, model.safetensors, tokenizer.json
 *   reference/             the frozen reference policy, when kl-coef &gt; 0 (not with LoRA,
 *                          whose reference is model/)
 *   adapter/               with LoRA: adapter_config.json, adapter_model.safetensors (PEFT's
 *                          layout; model/ is then the frozen base)
 *   optimizer.safetensors  AdamW moments (exp_avg/NAME, exp_avg_sq/NAME) of what trains (every
 *                          parameter, or the adapters), step in metadata
 *   critic/                PPO's critic ({@link CriticFolder}: Hugging Face layout plus the
 *                          head; with LoRA its adapters over model/ and value_head.safetensors),
 *                          with its own optimizer.safetensors; absent for other methods
 *   state.json             next step, weights version, data cursor, seed, divergence counter
 *   config.conf            the resolved configuration of the run
 *   provenance.json        git commit, library versions, JVM, host, time
 *   _COMPLETE              written last
 * </pre>
 * Weights and moments are F32, so a resumed run continues bit for bit.
 */
public final class TrainingCheckpoint {
  static final String MODEL = "model";
  static final String REFERENCE = "reference";
  /** The LoRA adapters of the policy, in PEFT's layout; absent without LoRA. */
  static final String ADAPTER = "adapter";
  static final String OPTIMIZER = "optimizer.safetensors";
  /** PPO's critic and its optimizer state; absent for the other methods. */
  static final String CRITIC = "critic";
  static final String STATE = "state.json";
  /** The run's resolved configuration in a checkpoint (HOCON, secrets redacted). */
  public static final String CONFIG = "config.conf";
  /** Where a checkpoint came from ({@link Provenance}), JSON. */
  public static final String PROVENANCE = "provenance.json";
  private static final String FIRST_MOMENT = "exp_avg/";
  private static final String SECOND_MOMENT = "exp_avg_sq/";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainingCheckpoint() {}

  /**
   * The training state beside the tensors.
   *
   * @param nextStep the first step a resumed run executes
   * @param weightsVersion the policy version of the saved weights
   * @param cursorEpoch data cursor epoch
   * @param cursorOffset data cursor offset within the epoch
   * @param consecutiveNonFinite steps in a row that skipped an update
   * @param seed the run seed
   * @param accuracyBeforeRl held-out accuracy before RL (NaN when not evaluated)
   */
  public record State(long nextStep, long weightsVersion, long cursorEpoch, int cursorOffset,
      int consecutiveNonFinite, long seed, double accuracyBeforeRl) {}

  /**
   * What a checkpoint restores.
   *
   * @param state the training state
   * @param policy the policy, on the requested device (the caller closes it)
   * @param optimizer the AdamW state
   * @param reference reference weights, or null
   * @param critic PPO's critic on the requested device (the caller closes it), or null
   * @param criticOptimizer the critic's AdamW state, or null
   */
  public record Restored(State state, PolicyModel policy, AdamWState optimizer,
      Map<String, HostTensor> reference, ValueModel critic, AdamWState criticOptimizer) {}

  /**
   * Writes and commits a checkpoint after step {@code state.nextStep() - 1}, with the optimizer
   * state of {@code learner}. The moments are streamed to their file one tensor at a time from
   * the device, so the heap never holds all of them (twice the weights' size).
   */
  public static CheckpointStore.Checkpoint save(CheckpointStore store, State state,
      PolicyModel policy, Tokenizer tokenizer, Learner learner,
      Map<String, HostTensor> reference, String resolvedConfig) throws IOException {
    CheckpointStore.Pending pending = store.begin(state.nextStep() - 1);
    try {
      // the frozen model and, with LoRA, its adapters beside it in PEFT's layout
      ModelFolder.save(policy.withoutAdapters(), tokenizer, pending.folder(MODEL), DType.F32,
          Long.MAX_VALUE);
      if (!policy.adapters().isEmpty()) {
        PeftAdapter.save(policy.adapters(), "../" + MODEL, pending.folder(ADAPTER));
      }
      if (reference != null) {
        HadoopModelFiles ref = pending.folder(REFERENCE);
        ref.write(ModelFolder.CONFIG, policy.config().toJsonBytes());
        SafetensorsFolder.write(ref, reference, Map.of(), DType.F32);
      }
      try (OutputStream out = new BufferedOutputStream(pending.create(OPTIMIZER), 1 << 20)) {
        writeOptimizer(out, policy.trainableNames(), policy.trainableParameters(),
            learner.optimizerSteps(), learner::optimizerMoment);
      }
      ValueModel critic = learner.critic();
      if (critic != null) {
        HadoopModelFiles folder = pending.folder(CRITIC);
        CriticFolder.save(critic, folder, "../" + MODEL);
        try (OutputStream out = new BufferedOutputStream(folder.create(OPTIMIZER), 1 << 20)) {
          writeOptimizer(out, critic.trainableNames(), critic.trainableParameters(),
              learner.criticOptimizerSteps(), learner::criticMoment);
        }
      }
      pending.write(STATE, JSON.writeValueAsBytes(state));
      pending.write(CONFIG, resolvedConfig.getBytes(StandardCharsets.UTF_8));
      pending.write(PROVENANCE, JSON.writeValueAsBytes(Provenance.now()));
      return pending.commit();
    } catch (IOException | RuntimeException e) {
      try {
        pending.abort();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Reads checkpoint {@code c}, building the policy (and PPO's critic, when it has one) on
   * {@code device}.
   *
   * @param critic the run's critic settings (the head of a critic folder is always there)
   */
  public static Restored restore(CheckpointStore store, CheckpointStore.Checkpoint c,
      Device device, CriticConfig critic) throws IOException {
    State state = JSON.readValue(store.read(c, STATE), State.class);
    PolicyModel policy = policy(store.fileSystem(), c.dir(), device);
    ValueModel criticModel = null;
    try {
      AdamWState optimizer;
      try (InputStream in = new BufferedInputStream(store.open(c, OPTIMIZER), 1 << 20)) {
        optimizer = optimizerState(policy.trainableNames(), in, c.dir() + "/" + OPTIMIZER);
      }
      AdamWState criticOptimizer = null;
      HadoopModelFiles criticFiles = new HadoopModelFiles(store.fileSystem(),
          new Path(c.dir(), CRITIC));
      if (CriticFolder.exists(criticFiles)) {
        criticModel = CriticFolder.load(criticFiles, policy, critic, state.seed());
        try (InputStream in = new BufferedInputStream(criticFiles.open(OPTIMIZER), 1 << 20)) {
          criticOptimizer = optimizerState(criticModel.trainableNames(), in,
              criticFiles.location(OPTIMIZER));
        }
      }
      Map<String, HostTensor> reference = null;
      HadoopModelFiles ref = new HadoopModelFiles(store.fileSystem(),
          new Path(c.dir(), REFERENCE));
      if (ref.exists(ModelFolder.CONFIG)) {
        reference = SafetensorsFolder.read(ref).tensors();
      }
      return new Restored(state, policy, optimizer, reference, criticModel, criticOptimizer);
    } catch (IOException | RuntimeException e) {
      if (criticModel != null) {
        criticModel.close(); // first: a LoRA critic is a view of the policy's frozen model
      }
      policy.close();
      throw e;
    }
  }

  /**
   * The policy of the checkpoint folder {@code dir} on {@code device}: {@code model/}, with the
   * LoRA adapters of {@code adapter/} when the folder holds them. The caller closes it.
   */
  static PolicyModel policy(FileSystem fs, Path dir, Device device) throws IOException {
    PolicyModel policy = ModelFolder.load(new HadoopModelFiles(fs, new Path(dir, MODEL)), device);
    HadoopModelFiles adapter = new HadoopModelFiles(fs, new Path(dir, ADAPTER));
    try {
      if (!PeftAdapter.exists(adapter)) {
        return policy;
      }
      PeftAdapter.Loaded a = PeftAdapter.load(adapter);
      return policy.withAdapters(a.settings(), a.tensors(),
          adapter.location(PeftAdapter.WEIGHTS));
    } catch (IOException | RuntimeException e) {
      policy.close();
      throw e;
    }
  }

  /**
   * Streams the moments to {@code out} as {@code exp_avg/NAME} and {@code exp_avg_sq/NAME}, the
   * step count in the metadata: one moment on the heap at a time.
   */
  private static void writeOptimizer(OutputStream out, List<String> names,
      List<NDArray> parameters, long step, Moments moments) throws IOException {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    if (step > 0) {
      for (int i = 0; i < names.size(); i++) {
        long[] shape = parameters.get(i).getShape().getShape();
        shapes.put(FIRST_MOMENT + names.get(i), shape);
        shapes.put(SECOND_MOMENT + names.get(i), shape);
      }
    }
    SafetensorsWriter.write(out, shapes, Map.of("step", Long.toString(step)), DType.F32,
        tensor -> {
          boolean second = tensor.startsWith(SECOND_MOMENT);
          String parameter = tensor.substring((second ? SECOND_MOMENT : FIRST_MOMENT).length());
          return moments.moment(names.indexOf(parameter), second);
        });
  }

  /** The host copy of one optimizer moment: m, or v when {@code second}. */
  @FunctionalInterface
  private interface Moments {
    float[] moment(int index, boolean second);
  }

  private static AdamWState optimizerState(List<String> names, InputStream in, String source)
      throws IOException {
    NamedTensors t = SafetensorsReader.read(in, source);
    long step = Long.parseLong(t.metadata().getOrDefault("step", "0"));
    if (step == 0) {
      return AdamWState.initial();
    }
    float[][] m = new float[names.size()][];
    float[][] v = new float[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      HostTensor a = t.tensors().get(FIRST_MOMENT + names.get(i));
      HostTensor b = t.tensors().get(SECOND_MOMENT + names.get(i));
      if (a == null || b == null) {
        throw new IOException(source + ": no optimizer moments for parameter " + names.get(i));
      }
      m[i] = a.values();
      v[i] = b.values();
    }
    return new AdamWState(step, m, v);
  }
}

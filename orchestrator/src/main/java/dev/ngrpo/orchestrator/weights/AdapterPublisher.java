package dev.ngrpo.orchestrator.weights;

import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.LoraSettings;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.weights.WeightsSnapshot;
import dev.ngrpo.rollout.worker.AdaptedSource;
import dev.ngrpo.rollout.worker.PolicySource;
import dev.ngrpo.rollout.worker.PublishedWeights;
import java.util.UUID;
import org.apache.spark.broadcast.Broadcast;

/**
 * Publishing with LoRA: the frozen base goes out once per run through the run's transport
 * (a broadcast of its snapshot, or a model folder), and each version only its adapters, as a
 * broadcast a few MB large where the whole model is hundreds of MB to GB. Executors keep the
 * base once per JVM and apply each version's adapters to it ({@link AdaptedSource}).
 */
public final class AdapterPublisher implements WeightsPublisher {
  private final WeightsPublisher basePublisher;
  private final BroadcastPublisher adapterPublisher;
  private final boolean merged;
  private final String baseId = UUID.randomUUID().toString();
  private PublishedWeights base;
  private long publishedBytes;

  /**
   * @param basePublisher the run's transport, which publishes the frozen base once
   * @param adapterPublisher broadcasts each version's adapters
   * @param merged whether executors merge the adapters into a working copy (else they apply
   *     them unmerged while decoding)
   */
  public AdapterPublisher(WeightsPublisher basePublisher, BroadcastPublisher adapterPublisher,
      boolean merged) {
    this.basePublisher = basePublisher;
    this.adapterPublisher = adapterPublisher;
    this.merged = merged;
  }

  @Override
  public PublishedWeights publish(long version, PolicyModel model) {
    if (model.adapters().isEmpty()) {
      throw new IllegalArgumentException("publishing adapters of a policy without adapters");
    }
    if (base == null) {
      base = basePublisher.publish(0, model.withoutAdapters());
    }
    LoraSettings lora = model.adapters().settings();
    PolicyWeights adapters = WeightsSnapshot.encode(version, lora.toString(),
        model.adapters().toHostTensors());
    publishedBytes = adapters.payload().remaining();
    return new Handle(version, baseId, base, adapterPublisher.broadcast(adapters), lora,
        merged);
  }

  /** Bytes of the last version's adapters, what each version sends to every executor. */
  public long lastPublishedBytes() {
    return publishedBytes;
  }

  @Override
  public void close() {
    try {
      adapterPublisher.close();
    } finally {
      basePublisher.close();
    }
  }

  private record Handle(long version, String baseId, PublishedWeights base,
      Broadcast<PolicyWeights> adapters, LoraSettings lora, boolean merged)
      implements PublishedWeights {
    private static final long serialVersionUID = 1L;

    @Override
    public PolicySource source() {
      return new AdaptedSource(baseId, base.source(), adapters::value, lora, merged);
    }
  }
}

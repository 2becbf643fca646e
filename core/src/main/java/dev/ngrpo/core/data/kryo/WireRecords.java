package dev.ngrpo.core.data.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;
import java.util.List;

/**
 * The one ordered list of classes that cross the wire, with their serializers. Spark's Kryo
 * registrator calls {@link #register(Kryo)} so that {@code spark.kryo.registrationRequired=true}
 * holds; registration order fixes the class ids, so it only ever grows at the end.
 */
public final class WireRecords {
  private WireRecords() {}

  /** A class and the serializer it is registered with ({@code null}: Kryo's default). */
  public record Registration(Class<?> type, Serializer<?> serializer) {}

  /** The registrations, in the order they are applied. */
  public static List<Registration> registrations() {
    return List.of(
        new Registration(Prompt.class, new RecordSerializers.PromptSerializer()),
        new Registration(PromptTask.class, new RecordSerializers.PromptTaskSerializer()),
        new Registration(RolloutGroup.class, new RecordSerializers.RolloutGroupSerializer()),
        new Registration(PolicyWeights.class, new RecordSerializers.PolicyWeightsSerializer()),
        new Registration(StepMetrics.class, new RecordSerializers.StepMetricsSerializer()),
        new Registration(Prompt[].class, null),
        new Registration(PromptTask[].class, null),
        new Registration(RolloutGroup[].class, null),
        new Registration(StepMetrics[].class, null));
  }

  /** Registers every wire record with {@code kryo}. */
  public static void register(Kryo kryo) {
    for (Registration r : registrations()) {
      if (r.serializer() == null) {
        kryo.register(r.type());
      } else {
        kryo.register(r.type(), r.serializer());
      }
    }
  }
}

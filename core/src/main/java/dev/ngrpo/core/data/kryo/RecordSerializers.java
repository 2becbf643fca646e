package dev.ngrpo.core.data.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.ngrpo.core.data.Grading;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.data.Prompt;
import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.core.data.StepMetrics;

/**
 * One Kryo serializer per record that crosses the wire (Kryo 4 cannot serialize Java records
 * reflectively). Each writes the record's components in declaration order.
 */
final class RecordSerializers {
  private RecordSerializers() {}

  /** Serializer of {@link Prompt}. */
  static final class PromptSerializer extends Serializer<Prompt> {
    PromptSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output out, Prompt p) {
      out.writeString(p.id());
      out.writeVarLong(p.index(), true);
      out.writeString(p.taskName());
      out.writeString(p.text());
      out.writeString(p.referenceAnswer());
    }

    @Override
    public Prompt read(Kryo kryo, Input in, Class<Prompt> type) {
      return new Prompt(in.readString(), in.readVarLong(true), in.readString(), in.readString(),
          in.readString());
    }
  }

  /** Serializer of {@link PromptTask}. */
  static final class PromptTaskSerializer extends Serializer<PromptTask> {
    PromptTaskSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output out, PromptTask t) {
      out.writeString(t.promptId());
      out.writeVarLong(t.promptIndex(), true);
      out.writeString(t.taskName());
      WireFormat.writeInts(out, t.promptTokens());
      out.writeString(t.referenceAnswer());
    }

    @Override
    public PromptTask read(Kryo kryo, Input in, Class<PromptTask> type) {
      return new PromptTask(in.readString(), in.readVarLong(true), in.readString(),
          WireFormat.readInts(in), in.readString());
    }
  }

  /** Serializer of {@link RolloutGroup}. */
  static final class RolloutGroupSerializer extends Serializer<RolloutGroup> {
    RolloutGroupSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output out, RolloutGroup g) {
      out.writeString(g.promptId());
      out.writeVarLong(g.promptIndex(), true);
      out.writeString(g.taskName());
      WireFormat.writeInts(out, g.promptTokens());
      out.writeVarLong(g.weightsVersion(), true);
      WireFormat.writeIntRows(out, g.responseTokens());
      WireFormat.writeFloatRows(out, g.samplerLogProbs());
      WireFormat.writeFloats(out, g.rewards());
      WireFormat.writeBooleans(out, g.truncated());
      out.writeVarLong(g.generationNanos(), true);
      out.writeVarLong(g.verificationNanos(), true);
      out.writeVarInt(g.grading().rejected(), true);
      out.writeVarInt(g.grading().ungraded(), true);
      out.writeVarInt(g.grading().unanswered(), true);
      out.writeString(g.grading().ungradedNote());
    }

    @Override
    public RolloutGroup read(Kryo kryo, Input in, Class<RolloutGroup> type) {
      return new RolloutGroup(in.readString(), in.readVarLong(true), in.readString(),
          WireFormat.readInts(in), in.readVarLong(true), WireFormat.readIntRows(in),
          WireFormat.readFloatRows(in), WireFormat.readFloats(in), WireFormat.readBooleans(in),
          in.readVarLong(true), in.readVarLong(true),
          new Grading(in.readVarInt(true), in.readVarInt(true), in.readVarInt(true),
              in.readString()));
    }
  }

  /** Serializer of {@link PolicyWeights}; it reads the payload into a direct buffer. */
  static final class PolicyWeightsSerializer extends Serializer<PolicyWeights> {
    PolicyWeightsSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output out, PolicyWeights w) {
      out.writeVarLong(w.version(), true);
      WireFormat.writeBuffer(out, w.payload());
    }

    @Override
    public PolicyWeights read(Kryo kryo, Input in, Class<PolicyWeights> type) {
      return new PolicyWeights(in.readVarLong(true), WireFormat.readDirectBuffer(in));
    }
  }

  /** Serializer of {@link StepMetrics}. */
  static final class StepMetricsSerializer extends Serializer<StepMetrics> {
    StepMetricsSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output out, StepMetrics m) {
      out.writeVarLong(m.step(), true);
      WireFormat.writeStrings(out, m.names());
      WireFormat.writeDoubles(out, m.values());
    }

    @Override
    public StepMetrics read(Kryo kryo, Input in, Class<StepMetrics> type) {
      return new StepMetrics(in.readVarLong(true), WireFormat.readStrings(in),
          WireFormat.readDoubles(in));
    }
  }
}

package dev.ngrpo.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.ngrpo.core.data.kryo.WireRecords;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireRecordsTest {
  static Kryo strictKryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    WireRecords.register(kryo);
    return kryo;
  }

  static Object roundTrip(Kryo kryo, Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Output out = new Output(bytes)) {
      kryo.writeClassAndObject(out, value);
    }
    try (Input in = new Input(bytes.toByteArray())) {
      return kryo.readClassAndObject(in);
    }
  }

  static List<Object> samples() {
    RolloutGroup group = new RolloutGroup("p-7", 7, "arithmetic", new int[] {4, 5, 6}, 3,
        new int[][] {{1, 2}, {}, {9, 9, 1}}, new float[][] {{-0.5f, -1.25f}, {}, {-0f, Float.NaN, -3f}},
        new float[] {1f, 0f, 0.5f}, new boolean[] {false, true, false}, 123_456_789L, 42L,
        new Grading(1, 2, 3,
            Grading.note("x".repeat(300), "java.lang.IllegalStateException: boom")));
    return List.of(
        new Prompt("id-1", 1, "math", "What is $\\frac{1}{2}$? \u00e9\u4e2d", "\\frac{1}{2}"),
        new PromptTask("id-2", 2, "arithmetic", new int[] {3, 1, 4, 1, 5}, "-12"),
        group,
        new PolicyWeights(5, new byte[] {0, -1, 127, -128}),
        StepMetrics.builder(9).put("reward.mean", 0.25).put("clip.fraction.positive", 0.0)
            .put("loss", Double.NaN).build(),
        new RolloutGroup[] {group, group},
        new PromptTask[] {new PromptTask("a", 0, "t", new int[] {1}, "")});
  }

  @Test
  void everyRegisteredRecordRoundTripsWithRegistrationRequired() {
    Kryo kryo = strictKryo();
    for (Object sample : samples()) {
      Object back = roundTrip(kryo, sample);
      if (sample instanceof Object[] array) {
        assertThat((Object[]) back).containsExactly(array);
      } else {
        assertThat(back).isEqualTo(sample);
      }
    }
  }

  @Test
  void policyWeightsArriveOffTheHeapWithTheirBytesWhateverBufferTheyLeftIn() {
    byte[] bytes = new byte[200_003];
    new Random(5).nextBytes(bytes);
    PolicyWeights heap = new PolicyWeights(7, bytes);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 10);
    direct.position(10);
    direct.slice().put(bytes);
    PolicyWeights offHeap = new PolicyWeights(7, direct);
    assertThat(offHeap).isEqualTo(heap).hasSameHashCodeAs(heap);
    for (PolicyWeights w : List.of(heap, offHeap)) {
      PolicyWeights back = (PolicyWeights) roundTrip(strictKryo(), w);
      assertThat(back.payload().isDirect()).isTrue();
      assertThat(back.version()).isEqualTo(7);
      assertThat(back.size()).isEqualTo(200_003);
      assertThat(back.bytes()).isEqualTo(bytes);
    }
    // reading a payload leaves the record's own buffer where it was
    offHeap.payload().get(new byte[100]);
    assertThat(offHeap.payload().remaining()).isEqualTo(200_003);
  }

  @Test
  void everyRegisteredClassHasASample() {
    List<Class<?>> sampled = samples().stream().<Class<?>>map(Object::getClass).toList();
    for (WireRecords.Registration r : WireRecords.registrations()) {
      if (!r.type().isArray() || r.type() == RolloutGroup[].class
          || r.type() == PromptTask[].class) {
        assertThat(sampled).as("sample of %s", r.type()).contains(r.type());
      }
    }
  }

  @Test
  void unregisteredClassIsRefused() {
    assertThatThrownBy(() -> roundTrip(strictKryo(), new java.util.ArrayList<String>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Class is not registered");
  }

  @Test
  void groupEqualityIgnoresTimingForRetries() {
    RolloutGroup a = (RolloutGroup) samples().get(2);
    RolloutGroup b = new RolloutGroup(a.promptId(), a.promptIndex(), a.taskName(),
        a.promptTokens(), a.weightsVersion(), a.responseTokens(), a.samplerLogProbs(),
        a.rewards(), a.truncated(), 1L, 2L, a.grading());
    assertThat(a.sameSamples(b)).isTrue();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void inconsistentGroupIsRejectedNamingThePrompt() {
    assertThatThrownBy(() -> new RolloutGroup("p-1", 1, "t", new int[] {1}, 0,
        new int[][] {{1, 2}}, new float[][] {{0f}}, new float[] {1f}, new boolean[] {false},
        0, 0, Grading.ALL_GRADED))
        .hasMessageContaining("p-1").hasMessageContaining("2 tokens but 1 log-probs");
  }

  @Test
  void aNoteQuotesAtMostTwoHundredCharactersAndGoesOnlyWithUngradedResponses() {
    String note = Grading.note("y".repeat(250), "time-out after 1000 ms");
    // "response '" + 200 characters + "...': " + the reason
    assertThat(note).isEqualTo("response '" + "y".repeat(200) + "...': time-out after 1000 ms");
    assertThat(Grading.note("42", "boom")).isEqualTo("response '42': boom");
    assertThatThrownBy(() -> new Grading(0, 1, 0, "")).hasMessageContaining("ungraded 1");
    assertThatThrownBy(() -> new Grading(0, 0, 0, "x")).hasMessageContaining("note 'x'");
    assertThatThrownBy(() -> new Grading(0, 0, -1, "")).hasMessageContaining("unanswered -1");
  }
}

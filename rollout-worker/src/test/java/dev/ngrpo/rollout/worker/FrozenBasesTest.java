package dev.ngrpo.rollout.worker;

import static ai.djl.ndarray.types.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.ngrpo.core.model.PolicyModel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A LoRA run's frozen model is built once per JVM and freed after the run's successor came. */
class FrozenBasesTest {
  @Test
  void oneBuildPerBaseAndAReplacedBaseIsFreedWhenItsLastViewIsReleased() {
    FrozenBases bases = new FrozenBases();
    AtomicInteger fetches = new AtomicInteger();
    PolicySource source = PolicySource.snapshot(() -> {
      fetches.incrementAndGet();
      return RolloutPartitionTest.weights(0, 1);
    });
    ModelLease first = bases.acquire("run-a", Device.cpu(), FLOAT32, source);
    PolicyModel a;
    try (ModelLease second = bases.acquire("run-a", Device.cpu(), FLOAT32, source)) {
      a = second.model();
      assertThat(a).isSameAs(first.model());
    }
    assertThat(bases.builds()).isEqualTo(1);
    assertThat(fetches.get()).isEqualTo(1);
    // the next run's base retires run-a's, which a view still holds
    try (ModelLease next = bases.acquire("run-b", Device.cpu(), FLOAT32, source)) {
      assertThat(next.model()).isNotSameAs(a);
      assertThat(a.isClosed()).isFalse();
      first.close();
      assertThat(a.isClosed()).isTrue();
    }
    assertThat(bases.builds()).isEqualTo(2);
  }
}

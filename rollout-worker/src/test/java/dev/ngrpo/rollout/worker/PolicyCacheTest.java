package dev.ngrpo.rollout.worker;

import static ai.djl.ndarray.types.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.ngrpo.core.data.PolicyWeights;
import dev.ngrpo.core.model.PolicyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolicyCacheTest {
  @Test
  void concurrentTasksShareOneBuildPerVersionAndTheOldOneIsFreed() throws Exception {
    PolicyCache cache = new PolicyCache();
    PolicyWeights v1 = RolloutPartitionTest.weights(1, 1);
    PolicyWeights v2 = RolloutPartitionTest.weights(2, 2);
    AtomicInteger fetches = new AtomicInteger();
    PolicySource source1 = PolicySource.snapshot(() -> {
      fetches.incrementAndGet();
      return v1;
    });
    int tasks = 8;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch allAcquired = new CountDownLatch(tasks);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    List<Future<PolicyModel>> seen = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      seen.add(pool.submit(() -> {
        start.await();
        try (ModelLease lease = cache.acquire("run", 1, Device.cpu(), FLOAT32, source1)) {
          allAcquired.countDown();
          release.await();
          return lease.model();
        }
      }));
    }
    start.countDown();
    allAcquired.await();
    assertThat(cache.builds()).isEqualTo(1);
    assertThat(fetches.get()).isEqualTo(1);
    // a newer version arrives while v1 is still in use: v1 is retired but not freed yet
    ModelLease lease2 = cache.acquire("run", 2, Device.cpu(), FLOAT32,
        PolicySource.snapshot(() -> v2));
    assertThat(cache.heldVersions()).containsExactly(1L, 2L);
    release.countDown();
    PolicyModel v1Model = seen.get(0).get();
    for (Future<PolicyModel> f : seen) {
      assertThat(f.get()).isSameAs(v1Model);
    }
    pool.shutdown();
    assertThat(v1Model.isClosed()).isTrue();
    assertThat(cache.heldVersions()).containsExactly(2L);
    assertThat(lease2.model().isClosed()).isFalse();
    lease2.close();
    // the newest version stays cached for the next task
    assertThat(cache.heldVersions()).containsExactly(2L);
    assertThat(cache.builds()).isEqualTo(2);
    cache.clear();
    assertThat(cache.heldVersions()).isEmpty();
  }

  @Test
  void runsThatNumberTheirVersionsAlikeNeverShareAPolicy() {
    PolicyCache cache = new PolicyCache();
    PolicyWeights a = RolloutPartitionTest.weights(5, 1);
    PolicyWeights b = RolloutPartitionTest.weights(5, 2);
    PolicyModel first;
    try (ModelLease lease = cache.acquire("run-a", 5, Device.cpu(), FLOAT32,
        PolicySource.snapshot(() -> a))) {
      first = lease.model();
    }
    try (ModelLease lease = cache.acquire("run-b", 5, Device.cpu(), FLOAT32,
        PolicySource.snapshot(() -> b))) {
      assertThat(lease.model()).isNotSameAs(first);
      assertThat(lease.model().toHostTensors()).isNotEqualTo(first.isClosed() ? null
          : first.toHostTensors());
    }
    // run-a's policy was retired when run-b arrived, and freed since no task held it
    assertThat(first.isClosed()).isTrue();
    assertThat(cache.builds()).isEqualTo(2);
    cache.clear();
  }
}

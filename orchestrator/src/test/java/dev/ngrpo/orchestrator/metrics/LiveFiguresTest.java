package dev.ngrpo.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ngrpo.core.data.MetricNames;
import dev.ngrpo.core.data.StepMetrics;
import dev.ngrpo.rollout.worker.RolloutCounters.Snapshot;
import org.junit.jupiter.api.Test;

class LiveFiguresTest {
  @Test
  void figuresAreTheLastStepsAndNaNWhereItLoggedNone() {
    LiveFigures.reset();
    assertThat(LiveFigures.step()).isEqualTo(-1);
    assertThat(LiveFigures.metric(MetricNames.LOSS)).isNaN();
    LiveFigures.step(StepMetrics.builder(4).put(MetricNames.LOSS, 0.25).build());
    LiveFigures.published(5);
    LiveFigures.checkpointed(4);
    assertThat(LiveFigures.step()).isEqualTo(4);
    assertThat(LiveFigures.metric(MetricNames.LOSS)).isEqualTo(0.25);
    assertThat(LiveFigures.metric(MetricNames.KL)).isNaN();
    assertThat(LiveFigures.weightsVersion()).isEqualTo(5);
    assertThat(LiveFigures.checkpointStep()).isEqualTo(4);
    LiveFigures.executorReport("live-figures-test-0", new Snapshot(8, 30, 1.5, 0.25, 1, 2));
    LiveFigures.reset();
    assertThat(LiveFigures.weightsVersion()).isEqualTo(-1);
    assertThat(LiveFigures.checkpointStep()).isEqualTo(-1);
    // a new run's executor 0 is another JVM than the last run's
    assertThat(LiveFigures.executorTotals()).isEqualTo(Snapshot.ZERO);
  }

  @Test
  void executorTotalsSumEachExecutorsNewestCounts() {
    LiveFigures.reset();
    Snapshot before = LiveFigures.executorTotals();
    LiveFigures.executorReport("live-figures-test-1", new Snapshot(8, 30, 1.5, 0.25, 1, 2));
    LiveFigures.executorReport("live-figures-test-2", new Snapshot(4, 10, 0.5, 0.25, 0, 1));
    // a report overtaken on the way (older counts) does not replace a newer one
    LiveFigures.executorReport("live-figures-test-1", new Snapshot(16, 60, 3.0, 0.5, 1, 2));
    LiveFigures.executorReport("live-figures-test-1", new Snapshot(8, 30, 1.5, 0.25, 1, 2));
    Snapshot total = LiveFigures.executorTotals();
    assertThat(total.responses() - before.responses()).isEqualTo(20);
    assertThat(total.tokens() - before.tokens()).isEqualTo(70);
    assertThat(total.generationSeconds() - before.generationSeconds()).isCloseTo(3.5, within(1e-9));
    assertThat(total.ungraded() - before.ungraded()).isEqualTo(1);
    assertThat(total.policyLoads() - before.policyLoads()).isEqualTo(3);
  }
}

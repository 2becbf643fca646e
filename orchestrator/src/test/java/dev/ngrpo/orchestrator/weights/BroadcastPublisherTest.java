package dev.ngrpo.orchestrator.weights;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.orchestrator.config.RunConfig;
import dev.ngrpo.orchestrator.spark.SparkSessions;
import dev.ngrpo.rollout.worker.PublishedWeights;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Versions published as Spark broadcasts, retired without Spark's ContextCleaner racing. */
class BroadcastPublisherTest {
  private static final ModelConfig SHAPE = ModelConfig.llama(20, 64, 128, 2, 2, 2, 64, true);

  @Test
  void aTaskBuildsEachVersionAndRetiredVersionsLogNothing() throws Exception {
    // 2 KiB pieces: the snapshot (about 0.5 MB) travels in some 250 of them, as a 0.5B model
    // does in 4 MB ones, so that the removal of a version takes long enough to be raced
    RunConfig config = RunConfig.of(ConfigFactory.parseString("ngrpo.spark { master ="
        + " \"local[1]\", conf { \"spark.ui.enabled\" = false,"
        + " \"spark.broadcast.blockSize\" = \"2k\" } }"));
    SparkSession spark = SparkSessions.start(config.spark());
    List<String> logged = new CopyOnWriteArrayList<>();
    AbstractAppender appender = new AbstractAppender("broadcast-test", null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        logged.add(event.getLevel() + " " + event.getLoggerName() + ": "
            + event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    LoggerContext logs = (LoggerContext) LogManager.getContext(false);
    Configuration logConfig = logs.getConfiguration();
    List<String> watched = List.of("org.apache.spark.ContextCleaner",
        "org.apache.spark.storage.BlockManager", "org.apache.spark.storage.BlockManagerMaster");
    for (String logger : watched) {
      LoggerConfig own = new LoggerConfig(logger, Level.WARN, false);
      own.addAppender(appender, Level.WARN, null);
      logConfig.addLogger(logger, own);
    }
    logs.updateLoggers();
    try (PolicyModel learner = PolicyModel.initialize(SHAPE, 5, Device.cpu())) {
      BroadcastPublisher publisher = new BroadcastPublisher(
          JavaSparkContext.fromSparkContext(spark.sparkContext()));
      for (int v = 0; v < 12; v++) {
        PublishedWeights published = publisher.publish(v, learner);
        try (PolicyModel built = published.source().build(Device.cpu())) {
          assertThat(built.toHostTensors()).isEqualTo(learner.toHostTensors());
        }
        learner.parameter("model.norm.weight").addi(1f);
        // what the next version's payload does at 0.5B: a collection that hands the
        // unreachable broadcasts to the ContextCleaner while their removal may still run
        System.gc();
        Thread.sleep(20);
      }
      publisher.close();
      // closing waited for the removal: the driver's storage memory is all free again (no
      // job ran, so no task binary was broadcast either)
      scala.Tuple2<Object, Object> memory = spark.sparkContext().getExecutorMemoryStatus()
          .values().head();
      assertThat(memory._2()).isEqualTo(memory._1());
    } finally {
      spark.stop();
      watched.forEach(logConfig::removeLogger);
      logs.updateLoggers();
      appender.stop();
    }
    assertThat(logged).isEmpty();
  }
}

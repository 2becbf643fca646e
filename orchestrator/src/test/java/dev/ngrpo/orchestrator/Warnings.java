package dev.ngrpo.orchestrator;

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

/**
 * The warnings one class logs while open, captured from log4j (Spark's logging backend) so a
 * test can check what a user would read in the driver's log.
 */
public final class Warnings implements AutoCloseable {
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final String logger;
  private final AbstractAppender appender;
  private final LoggerContext logs = (LoggerContext) LogManager.getContext(false);

  private Warnings(Class<?> source) {
    this.logger = source.getName();
    this.appender = new AbstractAppender("warnings-" + logger, null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        messages.add(event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    Configuration config = logs.getConfiguration();
    LoggerConfig own = new LoggerConfig(logger, Level.WARN, true);
    own.addAppender(appender, Level.WARN, null);
    config.addLogger(logger, own);
    logs.updateLoggers();
  }

  /** Starts capturing the warnings of {@code source}'s logger. */
  public static Warnings of(Class<?> source) {
    return new Warnings(source);
  }

  /** The messages logged at WARN or above so far. */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    logs.getConfiguration().removeLogger(logger);
    logs.updateLoggers();
    appender.stop();
  }
}

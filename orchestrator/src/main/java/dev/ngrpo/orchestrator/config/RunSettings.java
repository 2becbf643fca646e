package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import dev.ngrpo.core.config.Settings;
import java.util.regex.Pattern;

/**
 * The {@code ngrpo.run} section.
 *
 * @param name run name
 * @param output folder (path or Hadoop URI) of metrics, checkpoints and the report
 * @param seed the run's seed
 * @param steps training steps
 * @param batchSize B, prompts trained on per step
 * @param maxExtraRounds refill rounds when the filter drops groups
 * @param lockStaleMinutes minutes after which an output folder's lock that was not renewed
 *     may be taken over
 * @param memoryCheck whether {@code train} refuses a memory plan that does not fit
 * @param gpuMemory bytes of each GPU the processes use, 0 when not given (GPU items are then
 *     planned but not checked)
 */
public record RunSettings(String name, String output, long seed, int steps, int batchSize,
    int maxExtraRounds, int lockStaleMinutes, boolean memoryCheck, long gpuMemory) {
  /** A number then a unit, as HOCON writes sizes. */
  private static final Pattern SIZE = Pattern.compile("[0-9]+(\\.[0-9]+)?\\s*[A-Za-z]*");

  /** The key of {@link #gpuMemory}, which {@code plan --gpu-memory} sets. */
  public static final String GPU_MEMORY = "ngrpo.run.gpu-memory";

  /** Reads and validates {@code ngrpo.run}. */
  public static RunSettings from(Config root) {
    Settings s = Settings.of(root, "ngrpo.run");
    return new RunSettings(s.nonBlank("name"), s.nonBlank("output"), s.longValue("seed"),
        s.intIn("steps", 0, 10_000_000), s.intIn("batch-size", 1, 1 << 20),
        s.intIn("max-extra-rounds", 0, 1000), s.intIn("lock-stale-minutes", 1, 100_000),
        s.bool("memory-check"), bytes(s, "gpu-memory"));
  }

  /**
   * A size such as {@code 80g} or {@code 81559MiB} (HOCON's units, powers of 2), or a whole
   * number of bytes, at least 0; {@code NaN}, {@code Infinity} and fractions of a byte are
   * refused, which HOCON would read as some number.
   */
  private static long bytes(Settings s, String key) {
    ConfigValue v = s.config().getValue(key);
    Object raw = v.unwrapped();
    boolean whole = raw instanceof Integer || raw instanceof Long;
    boolean size = raw instanceof String text && SIZE.matcher(text.strip()).matches();
    long bytes = -1;
    if (whole || size) {
      try {
        bytes = s.config().getBytes(key);
      } catch (ConfigException e) {
        bytes = -1;
      }
    }
    if (bytes < 0) {
      throw s.bad(key, "must be a size such as 80g or 81559MiB, or a whole number of bytes, at"
          + " least 0 (0 = not given), got " + v.render());
    }
    return bytes;
  }
}

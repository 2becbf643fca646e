package dev.ngrpo.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads one section of the configuration with range checks. Every failure is a
 * {@link ConfigException.BadValue} whose message names the full key, the bad value and the
 * allowed range, so the CLI can print it and exit 2 before Spark starts.
 *
 * <pre>{@code
 * Settings s = Settings.of(config, "ngrpo.learner");
 * // fails with "ngrpo.learner.clip-low: must be in [0, 1], got 1.5" on clip-low = 1.5
 * double clipLow = s.doubleIn("clip-low", 0, 1);
 * }</pre>
 */
public final class Settings {
  private final Config config;
  private final String path;

  private Settings(Config config, String path) {
    this.config = config;
    this.path = path;
  }

  /** The section at {@code path} of {@code root}; fails naming the path when it is missing. */
  public static Settings of(Config root, String path) {
    if (!root.hasPath(path)) {
      throw new ConfigException.Missing(path);
    }
    return new Settings(root.getConfig(path), path);
  }

  public Config config() {
    return config;
  }

  /** Full dotted name of {@code key} in this section. */
  public String key(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * A section found elsewhere than under its name, such as an element of a list of objects,
   * whose failures name {@code fullPath}.
   */
  public static Settings at(Config section, String fullPath) {
    return new Settings(section, fullPath);
  }

  /** A nested section; a missing key or one that is not an object fails naming it. */
  public Settings section(String key) {
    return new Settings(wrap(key, () -> config.getConfig(key)), key(key));
  }

  /** True when {@code key} is set (and not null). */
  public boolean has(String key) {
    return config.hasPath(key);
  }

  /** A failure about {@code key} with {@code reason}. */
  public ConfigException.BadValue bad(String key, String reason) {
    return new ConfigException.BadValue(key(key), reason);
  }

  public boolean bool(String key) {
    return wrap(key, () -> config.getBoolean(key));
  }

  public String string(String key) {
    return wrap(key, () -> config.getString(key));
  }

  public List<String> strings(String key) {
    return wrap(key, () -> config.getStringList(key));
  }

  /** A string that is not blank. */
  public String nonBlank(String key) {
    String v = string(key);
    if (v.isBlank()) {
      throw bad(key, "must not be empty");
    }
    return v;
  }

  /** A string from a fixed set; the message lists the allowed values. */
  public String oneOf(String key, Collection<String> allowed) {
    String v = string(key);
    if (!allowed.contains(v)) {
      throw bad(key, "must be one of " + allowed + ", got '" + v + "'");
    }
    return v;
  }

  /** A list of objects (the elements of {@code methods = [{...}, {...}]}). */
  public List<? extends ConfigObject> objects(String key) {
    return wrap(key, () -> config.getObjectList(key));
  }

  /**
   * A list of whole numbers, each in {@code [min, max]}. Anything else fails naming the key:
   * a value or element that is not a number, and (naming the element too) a fraction or an
   * element out of range.
   */
  public List<Long> longs(String key, long min, long max) {
    List<Number> list = wrap(key, () -> config.getNumberList(key));
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "element [" + i + "] ";
      long v = whole(key, list.get(i), at);
      if (v < min || v > max) {
        throw bad(key, at + "must be in [" + min + ", " + max + "], got " + v);
      }
      out.add(v);
    }
    return List.copyOf(out);
  }

  /** A list of ints, each in {@code [min, max]} (see {@link #longs}). */
  public List<Integer> ints(String key, int min, int max) {
    return longs(key, min, max).stream().map(Long::intValue).toList();
  }

  /** A whole number (see {@link #intIn} for what counts as one). */
  public long longValue(String key) {
    return whole(key);
  }

  /**
   * An int in {@code [min, max]}. Like every integer read here it must be a whole number:
   * {@code 3} or {@code 1e3}, not {@code 0.5}, {@code NaN} or {@code Infinity}, which
   * Typesafe Config alone would truncate to 0 (or to the largest long) without a word.
   */
  public int intIn(String key, int min, int max) {
    long v = whole(key);
    if (v < min || v > max) {
      throw bad(key, "must be in [" + min + ", " + max + "], got " + v);
    }
    return (int) v;
  }

  /** An int of at least 1. */
  public int positiveInt(String key) {
    return intIn(key, 1, Integer.MAX_VALUE);
  }

  /** An int of at least 0. */
  public int nonNegativeInt(String key) {
    return intIn(key, 0, Integer.MAX_VALUE);
  }

  /** A finite double in {@code [min, max]}. */
  public double doubleIn(String key, double min, double max) {
    double v = wrap(key, () -> config.getDouble(key));
    if (!Double.isFinite(v) || v < min || v > max) {
      throw bad(key, "must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  /** A finite double strictly above {@code min}. */
  public double doubleAbove(String key, double min) {
    double v = wrap(key, () -> config.getDouble(key));
    if (!Double.isFinite(v) || v <= min) {
      throw bad(key, "must be a finite number > " + min + ", got " + v);
    }
    return v;
  }

  /** A finite double in {@code (0, max]}. */
  public double positiveAtMost(String key, double max) {
    double v = doubleIn(key, 0, max);
    if (v == 0) {
      throw bad(key, "must be in (0, " + max + "], got 0");
    }
    return v;
  }

  /** A finite double of at least 0. */
  public double nonNegative(String key) {
    return doubleIn(key, 0, Double.MAX_VALUE);
  }

  /** A whole number in the range of a long; fails naming the key for anything else. */
  private long whole(String key) {
    return whole(key, wrap(key, () -> config.getNumber(key)), "");
  }

  /** {@code n} as a long when it is a whole number in range; else fails on {@code key}. */
  private long whole(String key, Number n, String at) {
    if (n instanceof Integer || n instanceof Long) {
      return n.longValue();
    }
    double d = n.doubleValue();
    // 2^63 is the first double past Long.MAX_VALUE
    if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
      throw bad(key, at + "must be a whole number, got " + n);
    }
    return (long) d;
  }

  private interface Read<T> {
    T get();
  }

  /** Re-throws Typesafe's type errors with the section's full key. */
  private <T> T wrap(String key, Read<T> read) {
    try {
      return read.get();
    } catch (ConfigException.Missing e) {
      throw new ConfigException.BadValue(key(key), "is required but missing", e);
    } catch (ConfigException.WrongType e) {
      throw new ConfigException.BadValue(key(key), e.getMessage(), e);
    }
  }
}

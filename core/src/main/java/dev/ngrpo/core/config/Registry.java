package dev.ngrpo.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pluggable things of one kind by the name a user writes in a run file (advantage
 * estimators, policy losses, verifiers, model architectures, ...): every registry of the
 * project is one of these, built once in the class named after the plural of its interface.
 *
 * <p>Names follow one convention, lower-case words joined by hyphens ({@code dr-grpo},
 * {@code seq-mean-token-mean}), checked when the registry is built. An entry may keep the old
 * spellings it had before the convention ({@code dr_grpo}); they still resolve, with a
 * deprecation warning logged once per JVM, so existing run files keep working. An unknown name
 * fails naming the kind and listing the known names.
 *
 * @param <T> what a name resolves to: the thing itself when it is stateless, else a factory
 */
public final class Registry<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private final String kind;
  private final Map<String, T> entries;
  private final Map<String, String> oldSpellings;

  private Registry(String kind, Map<String, T> entries, Map<String, String> oldSpellings) {
    this.kind = kind;
    this.entries = entries;
    this.oldSpellings = oldSpellings;
  }

  /** A builder of a registry of {@code kind} (e.g. "advantage estimator", used in errors). */
  public static <T> Builder<T> of(String kind) {
    return new Builder<>(kind);
  }

  /**
   * A registry of a closed family: every constant of an enum, by the name {@code name} gives
   * it.
   */
  public static <E extends Enum<E>> Registry<E> ofEnum(String kind, E[] constants,
      Function<E, String> name) {
    Builder<E> b = of(kind);
    for (E e : constants) {
      b.add(name.apply(e), e);
    }
    return b.build();
  }

  /** What {@code name} (or an old spelling of it) resolves to. */
  public T get(String name) {
    return entries.get(canonical(name));
  }

  /** What {@code name} resolves to, or empty when it is unknown; an old spelling warns. */
  public Optional<T> find(String name) {
    return contains(name) ? Optional.of(get(name)) : Optional.empty();
  }

  /**
   * The current spelling of {@code name}; an old spelling is logged as deprecated.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public String canonical(String name) {
    if (entries.containsKey(name)) {
      return name;
    }
    String current = oldSpellings.get(name);
    if (current == null) {
      throw new IllegalArgumentException(
          "unknown " + kind + " '" + name + "'; known: " + String.join(", ", names()));
    }
    if (WARNED.add(kind + "/" + name)) {
      LOG.warn("the {} name '{}' is deprecated: write '{}'", kind, name, current);
    }
    return current;
  }

  /** True when {@code name} or an old spelling of it is registered. */
  public boolean contains(String name) {
    return entries.containsKey(name) || oldSpellings.containsKey(name);
  }

  /** The current names, in registration order. */
  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /** The kind of thing registered, as errors name it. */
  public String kind() {
    return kind;
  }

  /** Collects the entries of a {@link Registry}; a name given twice fails. */
  public static final class Builder<T> {
    private final String kind;
    private final Map<String, T> entries = new LinkedHashMap<>();
    private final Map<String, String> oldSpellings = new LinkedHashMap<>();

    private Builder(String kind) {
      this.kind = kind;
    }

    /** Registers {@code value} as {@code name}, also reachable by each of {@code old}. */
    public Builder<T> add(String name, T value, String... old) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(kind + " name '" + name
            + "' is not lower-case words joined by hyphens");
      }
      List<String> all = new ArrayList<>(List.of(old));
      all.add(name);
      for (String n : all) {
        if (entries.containsKey(n) || oldSpellings.containsKey(n)) {
          throw new IllegalArgumentException(kind + " name '" + n + "' registered twice");
        }
      }
      entries.put(name, value);
      for (String o : old) {
        oldSpellings.put(o, name);
      }
      return this;
    }

    public Registry<T> build() {
      return new Registry<>(kind, Collections.unmodifiableMap(new LinkedHashMap<>(entries)),
          Map.copyOf(oldSpellings));
    }
  }
}

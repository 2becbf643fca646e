package dev.ngrpo.rollout.verify;

import dev.ngrpo.core.config.Registry;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The registry of verifiers by name. A name resolves, in this order, to
 * <ol>
 *   <li>a built-in: {@code arithmetic} ({@link ArithmeticVerifier}), {@code math}
 *       ({@link MathVerifier});</li>
 *   <li>a {@link VerifierProvider} found by {@link ServiceLoader} whose {@link
 *       VerifierProvider#name()} is the name;</li>
 *   <li>the fully-qualified name of a public class implementing {@link Verifier} with a public
 *       no-arg constructor. Such a class cannot be told the answer format, so it is accepted
 *       only with {@link AnswerFormat#NONE}; a user verifier that needs the format ships a
 *       provider.</li>
 * </ol>
 * An unknown name fails with the known names (built-ins and the providers found). Classes and
 * providers are looked up in the thread's context class loader, which on a Spark executor is
 * the one that sees the user's jars.
 */
public final class Verifiers {
  private static final Registry<Function<AnswerFormat, Verifier>> BUILT_IN =
      Registry.<Function<AnswerFormat, Verifier>>of("verifier")
          .add("arithmetic", ArithmeticVerifier::new)
          .add("math", MathVerifier::new)
          .build();

  private Verifiers() {}

  /**
   * The verifier {@code settings} name, honouring its format, built within
   * {@code build-time-limit-ms} ({@link VerifierBuild}): every build from a configuration goes
   * through here, on the driver and in each rollout task.
   */
  public static Verifier create(VerifierSettings settings) {
    return VerifierBuild.within(settings);
  }

  /** The verifier called {@code name}, looked up in the context class loader. */
  public static Verifier create(String name, AnswerFormat format) {
    return create(name, format, contextLoader());
  }

  /** The verifier called {@code name}, with providers and classes from {@code loader}. */
  public static Verifier create(String name, AnswerFormat format, ClassLoader loader) {
    if (BUILT_IN.contains(name)) {
      return BUILT_IN.get(name).apply(format);
    }
    VerifierProvider provider = providers(loader).get(name);
    if (provider != null) {
      Verifier v = provider.create(format);
      if (v == null) {
        throw new IllegalStateException("verifier provider " + provider.getClass().getName()
            + " ('" + name + "') returned no verifier");
      }
      return v;
    }
    if (name.contains(".")) {
      return byClassName(name, format, loader);
    }
    throw new IllegalArgumentException("unknown verifier '" + name + "'; known: "
        + String.join(", ", known(loader))
        + ", or the class name of a public Verifier with a public no-arg constructor");
  }

  /** Built-in names followed by the names of the providers {@code loader} finds. */
  public static List<String> known(ClassLoader loader) {
    List<String> names = new ArrayList<>(BUILT_IN.names());
    names.addAll(providers(loader).keySet());
    return names;
  }

  /** Built-in and provider names visible to the context class loader. */
  public static List<String> known() {
    return known(contextLoader());
  }

  /**
   * Providers by name; a name claimed twice, a built-in's name, or a provider that cannot be
   * loaded (a missing class, a constructor that throws) is an error naming the provider.
   */
  private static Map<String, VerifierProvider> providers(ClassLoader loader) {
    Map<String, VerifierProvider> byName = new LinkedHashMap<>();
    List<VerifierProvider> found = new ArrayList<>();
    try {
      ServiceLoader.load(VerifierProvider.class, loader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      // an Error, which would otherwise end the program with a stack trace instead of a
      // configuration error; its message names the provider class
      throw new IllegalArgumentException("a verifier provider on the class path is broken: "
          + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), e);
    }
    for (VerifierProvider p : found) {
      String name = p.name();
      if (name == null || name.isBlank()) {
        throw new IllegalStateException(
            "verifier provider " + p.getClass().getName() + " has no name");
      }
      if (BUILT_IN.contains(name)) {
        throw new IllegalStateException("verifier provider " + p.getClass().getName()
            + " claims the built-in name '" + name + "'");
      }
      VerifierProvider clash = byName.putIfAbsent(name, p);
      if (clash != null) {
        throw new IllegalStateException("verifier name '" + name + "' is claimed by both "
            + clash.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    return byName;
  }

  private static Verifier byClassName(String name, AnswerFormat format, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown verifier '" + name + "': no such class; known: "
          + String.join(", ", known(loader)), e);
    }
    if (!Verifier.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "verifier class " + name + " does not implement " + Verifier.class.getName());
    }
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(
          "verifier class " + name + " must be public and concrete");
    }
    if (format != AnswerFormat.NONE) {
      throw new IllegalArgumentException("verifier class " + name
          + " cannot be given the answer format '" + format.configName()
          + "'; use format 'none' or register a VerifierProvider for it");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "verifier class " + name + " has no public no-arg constructor", e);
    }
    try {
      return (Verifier) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "verifier class " + name + " failed to construct: " + e.getCause(), e.getCause());
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalArgumentException("verifier class " + name + " cannot be instantiated", e);
    }
  }

  private static ClassLoader contextLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : Verifiers.class.getClassLoader();
  }
}

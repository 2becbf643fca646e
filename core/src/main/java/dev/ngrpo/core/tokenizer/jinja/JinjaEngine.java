package dev.ngrpo.core.tokenizer.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders Hugging Face chat templates the way {@code transformers}' {@code apply_chat_template}
 * does, on HubSpot's Jinjava. transformers compiles a template with
 * {@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
 * extensions=[loopcontrols])}, jinja2's default {@code keep_trailing_newline=False}, its own
 * {@code tojson}, and the globals {@code raise_exception} and {@code strftime_now}. Here:
 *
 * <ul>
 *   <li>Jinjava's {@code trimBlocks} and {@code lstripBlocks}; one trailing newline of the
 *       template removed before rendering, as jinja2's lexer does;
 *   <li>Jinjava's Jinja-compatible behaviours ({@link #JINJA}): filters bind tighter than
 *       {@code +}, <code>{{-</code> and <code>{#-</code> trim whitespace like
 *       <code>{%-</code>, maps iterate over their keys; but not
 *       {@code whitespaceRequiredWithinTokens}, which Jinjava 2.7.4 counts among its "all"
 *       overrides and which stops <code>{%-</code> from opening a tag;
 *   <li>nested interpretation off: a variable's value is never rendered again, so a prompt
 *       that contains <code>{{ x }}</code> or <code>{%</code> (LaTeX does) stays as it is;
 *   <li>{@link PythonJson} as {@code tojson} and {@link PythonTrim} as {@code trim};
 *       {@code raise_exception} and {@code strftime_now} ({@link TemplateGlobals}) from the
 *       given clock. As under jinja2, where a global is always defined, {@code strftime_now is
 *       defined} and {@code raise_exception is defined} hold (Llama 3.2 tests the former to
 *       choose between today's date and a fixed one).
 * </ul>
 *
 * <p>Any error Jinjava reports fails the render, warnings included, naming where the template
 * came from: a chat template decides the model's exact input, so a part that Jinjava cannot
 * evaluate must stop the run rather than leave a hole in every prompt. Known differences from
 * jinja2 that do not fail: {@code none} and {@code true} print as "" and "true" (jinja2:
 * "None", "True"; in a list "null", "true"); an unknown filter yields nothing where jinja2
 * refuses the template; an attribute of a missing variable is empty where jinja2 raises. None
 * of these is reached by the templates tested here. Differences that fail: a dict literal that
 * ends right before the closing braces ({@code {{ {'a': {}} }}}) ends the expression early;
 * Python string methods ({@code content.startswith(...)}, which Qwen3's template calls) do
 * not exist.
 */
public final class JinjaEngine {
  /** Jinjava's Jinja-compatible behaviours (its later "3.0" set). */
  static final LegacyOverrides JINJA = LegacyOverrides.newBuilder()
      .withEvaluateMapKeys(true)
      .withIterateOverMapKeys(true)
      .withUsePyishObjectMapper(true)
      .withUseSnakeCasePropertyNaming(true)
      .withUseNaturalOperatorPrecedence(true)
      .withParseWhitespaceControlStrictly(true)
      .withAllowAdjacentTextNodes(true)
      .withUseTrimmingForNotesAndExpressions(true)
      .withKeepNullableLoopValues(true)
      .build();

  private static final List<String> GLOBALS = List.of("raise_exception", "strftime_now");

  private final Jinjava jinjava;

  /** An engine whose {@code strftime_now} reads the system clock in the local time zone. */
  public JinjaEngine() {
    this(Clock.systemDefaultZone());
  }

  /** An engine whose {@code strftime_now} reads {@code clock} in its time zone. */
  public JinjaEngine(Clock clock) {
    JinjavaConfig config = JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withNestedInterpretationEnabled(false)
        .withLegacyOverrides(JINJA)
        .withDateTimeProvider(clock::millis)
        .withTimeZone(clock.getZone())
        .build();
    this.jinjava = new Jinjava(config);
    jinjava.registerFunction(function("raise_exception", "raiseException"));
    jinjava.registerFunction(function("strftime_now", "strftimeNow"));
    jinjava.registerFilter(new PythonJson());
    jinjava.registerFilter(new PythonTrim());
  }

  private static ELFunctionDefinition function(String name, String method) {
    try {
      Method m = TemplateGlobals.class.getDeclaredMethod(method, String.class);
      // Jinjava invokes it reflectively from its own package
      m.setAccessible(true);
      return new ELFunctionDefinition("", name, m);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("TemplateGlobals." + method + "(String) is missing", e);
    }
  }

  /**
   * The text {@code template} renders with {@code variables}.
   *
   * @param location where the template comes from (a file, a file and key), for errors
   * @throws IllegalArgumentException when the template raises an exception of its own
   *     ({@code raise_exception}: its message) or Jinjava reports any error (each with its line)
   */
  public String render(String template, Map<String, ?> variables, String location) {
    Map<String, Object> scope = new HashMap<>(variables);
    for (String global : GLOBALS) {
      scope.putIfAbsent(global, "<function " + global + ">");
    }
    RenderResult result = jinjava.renderForResult(withoutTrailingNewline(template), scope);
    if (!result.getErrors().isEmpty()) {
      throw failure(result.getErrors(), location);
    }
    return result.getOutput();
  }

  /** jinja2's {@code keep_trailing_newline=False}: one final newline is not part of it. */
  static String withoutTrailingNewline(String template) {
    if (template.endsWith("\r\n")) {
      return template.substring(0, template.length() - 2);
    }
    if (template.endsWith("\n") || template.endsWith("\r")) {
      return template.substring(0, template.length() - 1);
    }
    return template;
  }

  private static IllegalArgumentException failure(List<TemplateError> errors, String location) {
    for (TemplateError e : errors) {
      for (Throwable t = e.getException(); t != null; t = t.getCause()) {
        if (t instanceof TemplateRaisedException raised) {
          return new IllegalArgumentException(location + ": the chat template raised an"
              + " exception: " + raised.getMessage(), raised);
        }
      }
    }
    String listed = errors.stream()
        .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
        .collect(Collectors.joining("; "));
    return new IllegalArgumentException(location + ": the chat template does not render: "
        + listed);
  }
}

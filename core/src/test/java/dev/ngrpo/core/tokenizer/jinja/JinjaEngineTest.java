package dev.ngrpo.core.tokenizer.jinja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jinja2 behaviours transformers relies on, each with the output jinja2 gives written out:
 * whitespace control, Python's json.dumps and str.strip, the globals, and the errors.
 */
class JinjaEngineTest {
  private static final Clock MARCH_5 =
      Clock.fixed(Instant.parse("2026-03-05T23:30:00Z"), ZoneOffset.UTC);
  private final JinjaEngine engine = new JinjaEngine(MARCH_5);

  private String render(String template, Map<String, ?> variables) {
    return engine.render(template, variables, "t.jinja");
  }

  private String render(String template) {
    return render(template, Map.of());
  }

  @Test
  void blocksTrimTheirNewlineAndLeadingSpaceAsUnderTransformers() {
    // trim_blocks drops the newline after a tag, lstrip_blocks the indent before one, and the
    // template's one final newline is not output (keep_trailing_newline=False)
    assertThat(render("a\n  {% if true %}\n  b\n  {% endif %}\nc\n")).isEqualTo("a\n  b\nc");
    assertThat(render("x\n\n")).isEqualTo("x\n");
    // a minus strips all whitespace on its side, for tags, expressions and comments
    assertThat(render("a \n {{- 'b' -}} \n c {#- note -#} d\n  {%- if true %}e{% endif %}"))
        .isEqualTo("abcde");
  }

  @Test
  void filtersBindTighterThanPlusAndNamespacesCarryOutOfLoops() {
    assertThat(render("{{ '[' + x | trim + ']' }}", Map.of("x", "  y  "))).isEqualTo("[y]");
    assertThat(render("{% set ns = namespace(n=0) %}{% for m in ms %}{% if m != 'b' %}"
        + "{% set ns.n = ns.n + 1 %}{% endif %}{% endfor %}{{ ns.n }}",
        Map.of("ms", List.of("a", "b", "c")))).isEqualTo("2");
    assertThat(render("{% for m in ms %}{% if loop.first %}{% continue %}{% endif %}{{ m }}"
        + "{% if not loop.last %},{% endif %}{% endfor %}", Map.of("ms", List.of("a", "b", "c"))))
        .isEqualTo("b,c");
  }

  @Test
  void tojsonIsPythonsJsonDumps() {
    // json.dumps({"name": "add", "args": {"a": 1, "b": [True, None, 1.5]}, "s": "é\"\n"},
    //   ensure_ascii=False)
    assertThat(render("{{ {'name': 'add', 'args': {'a': 1, 'b': [true, none, 1.5]},"
        + " 's': x} | tojson }}", Map.of("x", "\u00e9\"\n"))).isEqualTo(
            "{\"name\": \"add\", \"args\": {\"a\": 1, \"b\": [true, null, 1.5]},"
                + " \"s\": \"\u00e9\\\"\\n\"}");
    // json.dumps({"b": {}, "a": [1, 2]}, indent=2)
    assertThat(render("{{ {'b': {}, 'a': [1, 2]} | tojson(indent=2) }}"))
        .isEqualTo("{\n  \"b\": {},\n  \"a\": [\n    1,\n    2\n  ]\n}");
    assertThatThrownBy(() -> render("{{ [1] | tojson(sort_keys=true) }}"))
        .hasMessageContaining("tojson: only indent is supported, not sort_keys");
  }

  @Test
  void floatsAreWrittenAsPythonsRepr() {
    // repr() of each in Python 3
    assertThat(PythonJson.pythonFloat(1.0)).isEqualTo("1.0");
    assertThat(PythonJson.pythonFloat(0.1)).isEqualTo("0.1");
    assertThat(PythonJson.pythonFloat(-2.5)).isEqualTo("-2.5");
    assertThat(PythonJson.pythonFloat(-0.0)).isEqualTo("-0.0");
    assertThat(PythonJson.pythonFloat(123456.789)).isEqualTo("123456.789");
    assertThat(PythonJson.pythonFloat(1e7)).isEqualTo("10000000.0");
    assertThat(PythonJson.pythonFloat(1e15)).isEqualTo("1000000000000000.0");
    assertThat(PythonJson.pythonFloat(1e16)).isEqualTo("1e+16");
    assertThat(PythonJson.pythonFloat(1.5e300)).isEqualTo("1.5e+300");
    assertThat(PythonJson.pythonFloat(0.0001)).isEqualTo("0.0001");
    assertThat(PythonJson.pythonFloat(0.00001)).isEqualTo("1e-05");
    assertThat(PythonJson.pythonFloat(Double.NaN)).isEqualTo("NaN");
    assertThat(PythonJson.pythonFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  void stringsEscapeOnlyWhatPythonEscapes() {
    // json.dumps("a\\b\t\x01\x7f€", ensure_ascii=False)
    assertThat(PythonJson.dumps("a\\b\t\u0001\u007f\u20ac", -1))
        .isEqualTo("\"a\\\\b\\t\\u0001\u007f\u20ac\"");
  }

  @Test
  void trimIsPythonsStrip() {
    // " \xa0x y\u3000\x1f".strip() == "x y"; "xxaxx".strip("x") == "a"
    assertThat(PythonTrim.strip(" \u00a0x y\u3000\u001f", null)).isEqualTo("x y");
    assertThat(PythonTrim.strip("\u0000x\u0000", null)).isEqualTo("\u0000x\u0000");
    assertThat(render("{{ 'xxaxx' | trim('x') }}")).isEqualTo("a");
  }

  @Test
  void globalsAreDefinedAndStrftimeNowReadsTheClock() {
    assertThat(render("{% if strftime_now is defined and raise_exception is defined %}y"
        + "{% endif %}")).isEqualTo("y");
    // 23:30 UTC on Thursday 5 March 2026, in the clock's zone
    assertThat(render("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%A %B %H:%M') }}"))
        .isEqualTo("05 Mar 2026|Thursday March 23:30");
  }

  @Test
  void raiseExceptionFailsWithTheTemplatesMessage() {
    assertThatThrownBy(() -> render("{% if x %}{{ raise_exception('No ' + x + ' here') }}"
        + "{% endif %}", Map.of("x", "tools")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.jinja: the chat template raised an exception: No tools here");
  }

  @Test
  void anythingJinjavaCannotEvaluateFailsWithItsLine() {
    assertThatThrownBy(() -> render("ok\n{{ nope(1) }}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.jinja: the chat template does not render: line 2: Could not resolve"
            + " function 'nope'");
    // Qwen3's template calls Python string methods, which Jinjava does not have
    assertThatThrownBy(() -> render("{{ x.startswith('<') }}", Map.of("x", "<a>")))
        .hasMessageContaining("Cannot find method startswith");
  }
}

package dev.ngrpo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static Settings section(String hocon) {
    return Settings.of(ConfigFactory.parseString("ngrpo.s { " + hocon + " }"), "ngrpo.s");
  }

  @Test
  void integersMustBeWholeNumbersNotTruncatedOnes() {
    // Typesafe's getInt alone reads 0.5 and "NaN" as 0, and "Infinity" as Long.MAX_VALUE.
    for (String value : new String[] {"0.5", "-2.5", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
        "1e19"}) {
      Settings s = section("n = " + value);
      assertThatThrownBy(() -> s.intIn("n", 0, 10)).as(value)
          .isInstanceOf(ConfigException.BadValue.class)
          .hasMessageContaining("ngrpo.s.n").hasMessageContaining("must be a whole number");
      assertThatThrownBy(() -> s.longValue("n")).as(value)
          .hasMessageContaining("ngrpo.s.n").hasMessageContaining("must be a whole number");
    }
  }

  @Test
  void wholeNumbersInAnySpellingAreRead() {
    Settings s = section("a = 1e3, b = \"12\", c = -1, d = 1e12, e = 9223372036854775807");
    assertThat(s.intIn("a", 0, 1000)).isEqualTo(1000);
    assertThat(s.positiveInt("b")).isEqualTo(12);
    assertThat(s.longValue("c")).isEqualTo(-1);
    assertThat(s.longValue("d")).isEqualTo(1_000_000_000_000L);
    assertThat(s.longValue("e")).isEqualTo(Long.MAX_VALUE);
    // in range for a long, not for the int asked for: the range check names it
    assertThatThrownBy(() -> s.intIn("d", 0, Integer.MAX_VALUE))
        .hasMessageContaining("ngrpo.s.d").hasMessageContaining("got 1000000000000");
  }

  @Test
  void wrongTypesNameTheFullKey() {
    Settings s = section("n = {x = 1}, b = maybe, t = [1]");
    assertThatThrownBy(() -> s.intIn("n", 0, 1)).hasMessageContaining("ngrpo.s.n");
    assertThatThrownBy(() -> s.bool("b")).hasMessageContaining("ngrpo.s.b");
    assertThatThrownBy(() -> s.string("t")).hasMessageContaining("ngrpo.s.t");
    assertThatThrownBy(() -> s.doubleIn("missing", 0, 1))
        .hasMessageContaining("ngrpo.s.missing").hasMessageContaining("required but missing");
    assertThatThrownBy(() -> s.section("b")).hasMessageContaining("ngrpo.s.b");
    assertThatThrownBy(() -> s.objects("t")).hasMessageContaining("ngrpo.s.t");
    assertThat(s.section("n").key("x")).isEqualTo("ngrpo.s.n.x");
  }

  @Test
  void listsOfWholeNumbersCheckEveryElementNamingTheKey() {
    Settings s = section("a = [1, 1e3, \"7\"], b = [1, 0.5], c = [1, x], d = [1, 9], e = 3");
    assertThat(s.ints("a", 1, 1000)).containsExactly(1, 1000, 7);
    assertThat(s.longs("d", 0, 9)).containsExactly(1L, 9L);
    assertThatThrownBy(() -> s.ints("b", 0, 10)).isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("ngrpo.s.b").hasMessageContaining("element [1]")
        .hasMessageContaining("whole number, got 0.5");
    assertThatThrownBy(() -> s.ints("c", 0, 10)).hasMessageContaining("ngrpo.s.c")
        .hasMessageContaining("rather than list of NUMBER");
    assertThatThrownBy(() -> s.ints("d", 0, 8)).hasMessageContaining("ngrpo.s.d")
        .hasMessageContaining("must be in [0, 8], got 9");
    assertThatThrownBy(() -> s.ints("e", 0, 8)).hasMessageContaining("ngrpo.s.e");
  }

  @Test
  void positiveAtMostExcludesZeroAndAboveTheBound() {
    Settings s = section("a = 0, b = 1, c = 1.5");
    assertThatThrownBy(() -> s.positiveAtMost("a", 1)).hasMessageContaining("ngrpo.s.a")
        .hasMessageContaining("(0, 1.0]");
    assertThat(s.positiveAtMost("b", 1)).isEqualTo(1.0);
    assertThatThrownBy(() -> s.positiveAtMost("c", 1)).hasMessageContaining("ngrpo.s.c")
        .hasMessageContaining("got 1.5");
  }
}

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
  }
}

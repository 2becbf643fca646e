package dev.ngrpo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryTest {
  private final Registry<Integer> numbers = Registry.<Integer>of("number")
      .add("one", 1).add("twenty-two", 22, "twenty_two", "xxii").build();

  @Test
  void namesResolveInRegistrationOrder() {
    assertThat(numbers.get("one")).isEqualTo(1);
    assertThat(numbers.get("twenty-two")).isEqualTo(22);
    assertThat(numbers.names()).containsExactly("one", "twenty-two");
    assertThat(numbers.kind()).isEqualTo("number");
  }

  @Test
  void oldSpellingsResolveToTheCurrentName() {
    assertThat(numbers.get("twenty_two")).isEqualTo(22);
    assertThat(numbers.canonical("xxii")).isEqualTo("twenty-two");
    assertThat(numbers.contains("twenty_two")).isTrue();
    assertThat(numbers.find("xxii")).contains(22);
  }

  @Test
  void anUnknownNameFailsListingTheKnownOnes() {
    assertThatThrownBy(() -> numbers.get("three"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown number 'three'; known: one, twenty-two");
    assertThat(numbers.find("three")).isEmpty();
    assertThat(numbers.contains("three")).isFalse();
  }

  @Test
  void namesFollowTheConventionAndAreUnique() {
    assertThatThrownBy(() -> Registry.<Integer>of("number").add("Two", 2))
        .hasMessageContaining("'Two' is not lower-case words joined by hyphens");
    assertThatThrownBy(() -> Registry.<Integer>of("number").add("two_words", 2))
        .hasMessageContaining("'two_words'");
    assertThatThrownBy(() -> Registry.<Integer>of("number").add("one", 1).add("uno", 1, "one"))
        .hasMessage("number name 'one' registered twice");
  }
}

package dev.ngrpo.core.tokenizer.jinja;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.Instant;
import java.util.Locale;

/**
 * The functions transformers adds to the template globals, as the static methods Jinjava
 * registers: {@code raise_exception(message)} and {@code strftime_now(format)}.
 */
final class TemplateGlobals {
  private TemplateGlobals() {}

  /** {@code raise_exception}: throws with the template's message. */
  static String raiseException(String message) {
    throw new TemplateRaisedException(message);
  }

  /**
   * {@code strftime_now}: Python's {@code datetime.now().strftime(format)}, with English month
   * and day names as in Python's default C locale. The time is the engine's clock, which
   * Jinjava hands over as its date-time provider and time zone, so tests can fix it.
   */
  static String strftimeNow(String format) {
    JinjavaConfig config = JinjavaInterpreter.getCurrent().getConfig();
    Instant now = Instant.ofEpochMilli(config.getDateTimeProvider().getCurrentTimeMillis());
    return StrftimeFormatter.format(now.atZone(config.getTimeZone()), format, Locale.ENGLISH);
  }
}

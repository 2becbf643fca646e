package dev.ngrpo.core.tokenizer.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * Jinja's {@code trim} as jinja2 runs it: Python's {@code str.strip(chars)}. Jinjava's own trim
 * is Java's {@code String.trim}, which strips every character up to U+0020 and no Unicode space;
 * Python strips exactly the characters {@code str.isspace} accepts, so a prompt that ends in a
 * no-break space (U+00A0) loses it under transformers and must lose it here (Llama 3's template
 * trims every message).
 */
final class PythonTrim implements Filter {
  @Override
  public String getName() {
    return "trim";
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
    String text = value == null ? "None" : value.toString();
    String chars = args.length > 0 ? args[0] : null;
    return strip(text, chars);
  }

  /** Python's {@code text.strip(chars)}; null chars: Python's whitespace. */
  static String strip(String text, String chars) {
    int start = 0;
    int end = text.length();
    while (start < end && stripped(text.codePointAt(start), chars)) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (end > start && stripped(text.codePointBefore(end), chars)) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(start, end);
  }

  private static boolean stripped(int cp, String chars) {
    return chars == null ? isPythonSpace(cp) : chars.codePoints().anyMatch(c -> c == cp);
  }

  /** Python's {@code str.isspace} for one code point (CPython's whitespace table). */
  static boolean isPythonSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85
        || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
        || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  }
}

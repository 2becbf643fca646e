package dev.ngrpo.core.tokenizer.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code tojson} filter as transformers defines it for chat templates: Python's
 * {@code json.dumps(value, ensure_ascii=False, indent=indent)}, not Jinja's HTML-escaping one
 * nor Jinjava's (Jackson writes {@code {"a":1}} where Python writes {@code {"a": 1}}). Tool
 * schemas reach the model through it, so its spacing is part of the prompt.
 *
 * <p>Python's layout: without {@code indent}, items are joined by {@code ", "} and keys by
 * {@code ": "}; with it, each item goes on its own line indented by {@code indent} spaces per
 * level, joined by {@code ","}. Strings escape only {@code "}, backslash and the control
 * characters below U+0020 (non-ASCII text stays as is); floats are written as Python's
 * {@code repr} writes them ({@code 1.0}, {@code 1e-05}, {@code 1e+16}). Only {@code indent} is
 * supported among {@code json.dumps}'s options; another one fails rather than be ignored.
 */
final class PythonJson implements Filter {
  @Override
  public String getName() {
    return "tojson";
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
    return filter(value, interpreter, args, Map.of());
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args,
      Map<String, Object> kwargs) {
    Object indent = args.length > 0 ? args[0] : kwargs.get("indent");
    for (String key : kwargs.keySet()) {
      if (!key.equals("indent")) {
        throw new IllegalArgumentException("tojson: only indent is supported, not " + key);
      }
    }
    if (indent != null && !(indent instanceof Number)) {
      throw new IllegalArgumentException("tojson: indent must be a whole number, got " + indent);
    }
    return dumps(value, indent == null ? -1 : ((Number) indent).intValue());
  }

  /** Python's {@code json.dumps(value, ensure_ascii=False, indent=indent)}; -1: no indent. */
  static String dumps(Object value, int indent) {
    StringBuilder out = new StringBuilder();
    write(value, indent, 0, out);
    return out.toString();
  }

  private static void write(Object v, int indent, int level, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof CharSequence || v instanceof Character) {
      string(v.toString(), out);
    } else if (v instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      out.append(pythonFloat(((Number) v).doubleValue()));
    } else if (v instanceof Number n) {
      out.append(n instanceof BigInteger ? n.toString() : Long.toString(n.longValue()));
    } else if (v instanceof Map<?, ?> map) {
      container('{', '}', map.entrySet(), indent, level, out);
    } else if (v instanceof Iterable<?> items) {
      container('[', ']', items, indent, level, out);
    } else if (v instanceof Object[] items) {
      container('[', ']', Arrays.asList(items), indent, level, out);
    } else {
      throw new IllegalArgumentException("tojson: Object of type " + v.getClass().getSimpleName()
          + " is not JSON serializable");
    }
  }

  private static void container(char open, char close, Iterable<?> items, int indent,
      int level, StringBuilder out) {
    if (!items.iterator().hasNext()) {
      out.append(open).append(close);
      return;
    }
    String newline = indent < 0 ? "" : "\n" + " ".repeat(indent * (level + 1));
    String separator = indent < 0 ? ", " : "," + newline;
    out.append(open).append(newline);
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(separator);
      }
      first = false;
      if (item instanceof Map.Entry<?, ?> e) {
        string(key(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), indent, level + 1, out);
      } else {
        write(item, indent, level + 1, out);
      }
    }
    out.append(indent < 0 ? "" : "\n" + " ".repeat(indent * level)).append(close);
  }

  /** A dict key as Python turns it into a string: {@code True} as "true", None as "null". */
  private static String key(Object k) {
    if (k == null) {
      return "null";
    }
    if (k instanceof Double || k instanceof Float) {
      return pythonFloat(((Number) k).doubleValue());
    }
    return k.toString();
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that read back (Java's
   * {@code Double.toString} digits), in positional form while the decimal exponent is in
   * [-4, 16), else as {@code d.ddde±XX}.
   */
  static String pythonFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d)));
    if (exact.signum() == 0) {
      return sign + "0.0";
    }
    BigDecimal stripped = exact.stripTrailingZeros();
    String digits = stripped.unscaledValue().toString();
    // value = 0.digits * 10^point
    int point = digits.length() - stripped.scale();
    if (point < -3 || point > 16) {
      int exponent = point - 1;
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    if (point <= 0) {
      return sign + "0." + "0".repeat(-point) + digits;
    }
    if (point >= digits.length()) {
      return sign + digits + "0".repeat(point - digits.length()) + ".0";
    }
    return sign + digits.substring(0, point) + "." + digits.substring(point);
  }
}

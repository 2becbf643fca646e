package dev.ngrpo.orchestrator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which configuration keys hold secrets, whose values must never reach a file or a log line:
 * checkpoints are meant to be shared as Hugging Face folders, and {@code config.conf} travels
 * with them. A key is secret when its full path
 *
 * <ul>
 *   <li>contains {@code secret}, {@code password} or {@code credential}, in any case and
 *       anywhere ({@code spark.authenticate.secret}, {@code spark.ssl.keyStorePassword},
 *       {@code spark.security.credentials.hive.enabled});
 *   <li>or has the word {@code token}, words being split at {@code .}, {@code -}, {@code _}
 *       and lower-to-upper case changes ({@code fs.s3a.session.token}, {@code oauthToken}),
 *       so that {@code ngrpo.model.tokenizer} and {@code ngrpo.rollout.max-new-tokens} are not;
 *   <li>or ends in the word {@code key} ({@code fs.s3a.secret.key}, {@code fs.s3a.access.key},
 *       {@code encryptionKey}).
 * </ul>
 * A secret's value is written as {@value #REDACTED}. The rule errs towards redacting: a
 * non-secret value written as {@value #REDACTED} costs little, a leaked one cannot be undone.
 */
public final class SecretKeys {
  /** What a secret's value is written as. */
  public static final String REDACTED = "<redacted>";
  private static final List<String> ANYWHERE = List.of("secret", "password", "credential");
  private static final Pattern WORD_BREAK = Pattern.compile("[.\\-_\"\\s]+|(?<=[a-z0-9])(?=[A-Z])");

  private SecretKeys() {}

  /** True when the value of the key at {@code path} (a full dotted path) is a secret. */
  public static boolean isSecret(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (ANYWHERE.stream().anyMatch(lower::contains)) {
      return true;
    }
    String[] words = WORD_BREAK.split(path.strip());
    for (String word : words) {
      if (word.equalsIgnoreCase("token")) {
        return true;
      }
    }
    return words.length > 0 && words[words.length - 1].equalsIgnoreCase("key");
  }

  /** {@code config} with the value of every secret key replaced by {@value #REDACTED}. */
  public static Config redact(Config config) {
    Config out = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (isSecret(e.getKey())) {
        out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return out;
  }

  /** {@code value} rendered for a log line, or {@value #REDACTED} when {@code path} is secret. */
  public static String shown(String path, String value) {
    return isSecret(path) ? REDACTED : value;
  }
}

package dev.ngrpo.lab.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 of configuration keys, to tell whether a result on disk was made with the settings
 * of this invocation: every leaf key under the given paths, sorted, with its value rendered
 * concisely, so the order of keys in a file and comments do not change it, and any value does.
 */
final class Fingerprint {
  private Fingerprint() {}

  /** The fingerprint of every key of {@code config} under {@code paths} (absent ones skipped). */
  static String of(Config config, String... paths) {
    Map<String, String> keys = new TreeMap<>();
    for (String path : paths) {
      if (!config.hasPath(path)) {
        continue;
      }
      if (config.getValue(path) instanceof ConfigObject object) {
        for (Map.Entry<String, ConfigValue> e : object.toConfig().entrySet()) {
          keys.put(path + "." + e.getKey(), render(e.getValue()));
        }
      } else {
        keys.put(path, render(config.getValue(path)));
      }
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      keys.forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String render(ConfigValue value) {
    return value.render(ConfigRenderOptions.concise());
  }
}

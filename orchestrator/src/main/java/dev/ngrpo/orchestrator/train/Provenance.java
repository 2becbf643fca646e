package dev.ngrpo.orchestrator.train;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a checkpoint came from: the commit the jar was built from (recorded at build time),
 * the library versions, the JVM and host, and when. Stored in every checkpoint.
 */
public final class Provenance {
  private Provenance() {}

  /** The provenance of this process, now: {@link #build()}, then the engine, JVM and host. */
  public static Map<String, String> now() {
    Map<String, String> m = build();
    Engine engine = Engine.getInstance();
    m.put("engine", engine.getEngineName() + " " + engine.getVersion());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("host", host());
    m.put("time", Instant.now().toString());
    return m;
  }

  /**
   * What the jar was built from and with: its version and commit, Spark's and DJL's versions.
   * Loads no native library, so it can be shown where the engine does not load.
   */
  public static Map<String, String> build() {
    Map<String, String> m = new LinkedHashMap<>();
    Properties build = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("/ngrpo-build.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      build.clear();
    }
    m.put("ngrpo.version", build.getProperty("version", "unknown"));
    m.put("git.commit", build.getProperty("git.commit", "unknown"));
    m.put("git.dirty", build.getProperty("git.dirty", "unknown"));
    m.put("spark.version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    m.put("djl.version", build.getProperty("djl.version", "unknown"));
    return m;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

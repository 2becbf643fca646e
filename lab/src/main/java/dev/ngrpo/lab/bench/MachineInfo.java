package dev.ngrpo.lab.bench;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a benchmark figure was measured on, printed and stored next to it. */
public final class MachineInfo {
  private MachineInfo() {}

  /** CPU model, cores, memory, JVM, engine and thread settings. */
  public static Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    m.put("memory", memory());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    Engine engine = Engine.getInstance();
    m.put("engine", engine.getEngineName() + " " + engine.getVersion() + ", GPUs "
        + engine.getGpuCount());
    m.put("torch threads", System.getProperty("ai.djl.pytorch.num_threads", "default") + " intra-op, "
        + System.getProperty("ai.djl.pytorch.num_interop_threads", "default") + " inter-op");
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
    return System.getProperty("os.arch");
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}

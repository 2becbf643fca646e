package dev.ngrpo.orchestrator.memory;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * This machine's memory and cores and this JVM's heap, as the OS and the JVM report them: the
 * budgets of the processes of a local master, which all run here.
 *
 * @param physicalBytes the machine's memory (a container's limit inside one)
 * @param heapBytes this JVM's largest heap ({@code -Xmx}, or the JVM's default share)
 * @param cores the processors this JVM may use
 */
public record Machine(long physicalBytes, long heapBytes, int cores) {
  /** What this machine and JVM report now. */
  public static Machine current() {
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Machine(os.getTotalMemorySize(), Runtime.getRuntime().maxMemory(),
        Runtime.getRuntime().availableProcessors());
  }
}

package dev.ngrpo.lab.report;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chromium started headless for a test, with a fresh profile and its DevTools port chosen by
 * the browser ({@code --remote-debugging-port=0}, read back from the profile's {@code
 * DevToolsActivePort}), and its connection ({@link Cdp}). Its temporary files go beside the
 * profile ({@code TMPDIR}), so deleting the test's folder leaves nothing in {@code /tmp}.
 * Closing ends the browser and every process it started, by their process handles: politely
 * first, then forcibly.
 */
final class HeadlessChromium implements AutoCloseable {
  private final Process process;
  private final Cdp cdp;

  private HeadlessChromium(Process process, Cdp cdp) {
    this.process = process;
    this.cdp = cdp;
  }

  /**
   * Starts {@code binary} with its profile and temporary files in {@code home} (a new, empty
   * folder), its output to {@code log}, waiting at most {@code timeout} for each step.
   */
  static HeadlessChromium start(Path binary, Path home, Path log, Duration timeout)
      throws Exception {
    Path profile = Files.createDirectories(home.resolve("profile"));
    ProcessBuilder command = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    command.environment().put("TMPDIR", Files.createDirectories(home.resolve("tmp")).toString());
    Process process = command.start();
    try {
      URI url = devToolsUrl(process, profile.resolve("DevToolsActivePort"), log, timeout);
      return new HeadlessChromium(process, Cdp.connect(url, timeout));
    } catch (Exception | Error e) {
      kill(process);
      throw e;
    }
  }

  /** The browser's DevTools connection. */
  Cdp cdp() {
    return cdp;
  }

  /** The browser-level WebSocket URL: the port, then the path, on the file's two lines. */
  private static URI devToolsUrl(Process process, Path file, Path log, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("chromium exited with " + process.exitValue()
            + " before it opened its DevTools port: " + Files.readString(log));
      }
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() >= 2) {
          return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
        }
      }
      Thread.sleep(50);
    }
    throw new TimeoutException("chromium wrote no " + file + " within " + timeout + ": "
        + Files.readString(log));
  }

  @Override
  public void close() {
    try {
      cdp.close();
    } finally {
      kill(process);
    }
  }

  /**
   * Ends {@code process} and its descendants: destroy, up to 5 s for them to exit, then
   * destroyForcibly for any still alive and up to 5 s more; an interrupt skips the waits.
   */
  private static void kill(Process process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    if (!exited(all)) {
      all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      exited(all);
    }
  }

  /** Whether all of {@code processes} exit within 5 s. */
  private static boolean exited(List<ProcessHandle> processes) {
    try {
      CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit)
          .toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

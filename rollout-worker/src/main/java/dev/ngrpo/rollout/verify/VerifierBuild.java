package dev.ngrpo.rollout.verify;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds the verifier a configuration names within {@code ngrpo.verifier.build-time-limit-ms}:
 * a plug-in's constructor runs user code (loading a model, opening a connection), and one that
 * hangs would hang the rollout task, or the driver's start-up, without a word.
 */
final class VerifierBuild {
  private VerifierBuild() {}

  /**
   * The verifier of {@code settings}.
   *
   * @throws IllegalArgumentException for an unknown name or a verifier that cannot be built
   * @throws IllegalStateException when building takes longer than the limit
   */
  static Verifier within(VerifierSettings settings) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ngrpo-verifier-build");
      t.setDaemon(true);
      t.setContextClassLoader(loader);
      return t;
    });
    try {
      Future<Verifier> built = builder.submit(() -> Verifiers.create(settings));
      return built.get(settings.buildTimeLimitMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("building verifier '" + settings.name() + "' took longer"
          + " than ngrpo.verifier.build-time-limit-ms = " + settings.buildTimeLimitMillis(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalArgumentException("verifier '" + settings.name() + "' could not be built: "
          + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building verifier " + settings.name(),
          e);
    } finally {
      builder.shutdownNow();
    }
  }
}

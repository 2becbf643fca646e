package dev.ngrpo.rollout.worker;

import dev.ngrpo.core.model.PolicyModel;

/** A task's hold on a model an executor JVM shares ({@link SharedModels}); close to release it. */
public final class ModelLease implements AutoCloseable {
  private final PolicyModel model;
  private final String what;
  private final Runnable release;
  private boolean released;

  ModelLease(PolicyModel model, String what, Runnable release) {
    this.model = model;
    this.what = what;
    this.release = release;
  }

  /** The model (valid until this lease is closed). */
  public PolicyModel model() {
    synchronized (this) {
      if (released) {
        throw new IllegalStateException("lease of " + what + " was released");
      }
    }
    return model;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
    }
    release.run();
  }
}

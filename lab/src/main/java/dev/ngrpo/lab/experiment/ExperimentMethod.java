package dev.ngrpo.lab.experiment;

import com.typesafe.config.Config;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One method of an experiment: a name, the {@code ngrpo.learner} keys it overrides, and an
 * optional cap on its training steps.
 *
 * <p>The cap exists for comparisons at equal compute: DAPO refills the groups its filter drops,
 * so per step it generates more responses than the methods it is compared with; run with fewer
 * steps, it can be read against them at about equal generated tokens. It only shortens a run
 * (never beyond {@code ngrpo.run.steps}, which the other methods run), so a quick check that
 * lowers {@code ngrpo.run.steps} lowers every method's steps with it.
 *
 * <p>{@code tokensOf} matches compute exactly rather than on average: the method's run with
 * seed s ends at the first step at which it has generated as many response tokens as the named
 * method's run with seed s did in all (every rollout round, refills included), so it can go at
 * most one step's tokens over, whatever the regime and however long that run trained.
 *
 * @param name the method's name (it names folders and plot files: letters, digits, {@code .},
 *     {@code _} and {@code -}, starting with a letter or digit)
 * @param learner the keys, relative to {@code ngrpo.learner}, that this method sets
 * @param steps at most this many training steps; empty: the run's {@code ngrpo.run.steps}
 * @param tokensOf a method listed before this one whose generated response tokens bound this
 *     one's, seed by seed; empty: no bound
 */
public record ExperimentMethod(String name, Config learner, OptionalInt steps,
    Optional<String> tokensOf) {

  /** A method without a token bound. */
  public ExperimentMethod(String name, Config learner, OptionalInt steps) {
    this(name, learner, steps, Optional.empty());
  }

  /** The steps this method trains when the others train {@code runSteps}. */
  public int stepsWithin(int runSteps) {
    return Math.min(runSteps, steps.orElse(runSteps));
  }
}

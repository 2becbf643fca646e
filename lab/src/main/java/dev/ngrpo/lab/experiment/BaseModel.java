package dev.ngrpo.lab.experiment;

import dev.ngrpo.learner.filter.GroupComposition;
import dev.ngrpo.orchestrator.train.EvalResult;

/**
 * The model every method starts from, measured before any RL.
 *
 * @param path its folder
 * @param composition groups of G samples on training prompts: all wrong, mixed, all correct
 * @param groups groups sampled
 * @param groupSize G
 * @param greedyAccuracy greedy held-out accuracy (the curves' first point)
 * @param sampled held-out accuracy and pass@k with the final evaluation's settings
 */
public record BaseModel(String path, GroupComposition composition, int groups, int groupSize,
    double greedyAccuracy, EvalResult sampled) {

  /** One line for the console. */
  public String describe() {
    return String.format("base model: groups of %d on %d training prompts: all wrong %.1f%%,"
        + " mixed %.1f%%, all correct %.1f%%; held-out greedy accuracy %.3f, sampled %.3f%s",
        groupSize, groups, 100.0 * composition.allWrong() / groups,
        100.0 * composition.mixed() / groups, 100.0 * composition.allCorrect() / groups,
        greedyAccuracy, sampled.accuracy(), Experiment.passes(sampled));
  }
}

package dev.ngrpo.orchestrator.train;

import dev.ngrpo.core.data.PromptTask;
import dev.ngrpo.core.data.RolloutGroup;
import dev.ngrpo.orchestrator.spark.RolloutStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The groups of one step's rollout rounds (the B prompts, then refills for the groups the
 * filter dropped) and where their executor time went.
 */
final class StepRollout {
  private final List<RolloutGroup> groups = new ArrayList<>();
  private final List<PromptTask> tasks = new ArrayList<>();
  private int rounds;
  private double busiest;
  private double generation;
  private double verification;

  void add(List<PromptTask> prompts, RolloutStage stage) {
    tasks.addAll(prompts);
    groups.addAll(stage.groups());
    rounds++;
    busiest += stage.busiestPartitionSeconds();
    generation += stage.generationSeconds();
    verification += stage.verificationSeconds();
  }

  List<RolloutGroup> groups() {
    return groups;
  }

  /** The prompts of every round, in round order. */
  List<PromptTask> tasks() {
    return tasks;
  }

  int rounds() {
    return rounds;
  }

  /** The rounds' busiest partitions added up: the rollout time no scheduling could shorten. */
  double busiestSeconds() {
    return busiest;
  }

  long responseTokens() {
    return groups.stream().mapToLong(RolloutGroup::responseTokenCount).sum();
  }

  double generationSeconds() {
    return generation;
  }

  double verificationSeconds() {
    return verification;
  }
}

package dev.ngrpo.lab.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ngrpo.lab.experiment.ExperimentSettings;
import dev.ngrpo.orchestrator.config.RunConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every run file in conf/ loads and validates as the CLI would load it (includes resolved, every
 * section checked), and an experiment file's methods validate too: a run file that a change to
 * the configuration broke fails here, not hours into an experiment.
 */
class RunFilesTest {
  static Stream<Path> runFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../conf"))) {
      List<Path> conf = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
      assertThat(conf).extracting(p -> p.getFileName().toString())
          .contains("local.conf", "experiment.conf", "hard.conf", "hard-4digit.conf");
      return conf.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("runFiles")
  void loadsAndValidates(Path file) {
    RunConfig config = RunConfig.load(new File(file.toString()), List.of());
    if (!config.resolved().getList("ngrpo.experiment.methods").isEmpty()) {
      ExperimentSettings settings = ExperimentSettings.from(config.resolved());
      assertThat(settings.names()).contains(settings.reference());
    }
  }
}

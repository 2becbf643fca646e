package dev.ngrpo.orchestrator.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import dev.ngrpo.core.model.ModelConfig;
import dev.ngrpo.core.model.PolicyModel;
import dev.ngrpo.core.safetensors.HostTensor;
import dev.ngrpo.core.safetensors.Mappings;
import dev.ngrpo.core.store.HadoopModelFiles;
import dev.ngrpo.orchestrator.faults.FaultyFileSystem;
import dev.ngrpo.rollout.worker.PublishedWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions published as model folders on the local file system, which executors map. */
class FolderPublisherTest {
  private static final ModelConfig SHAPE = ModelConfig.llama(20, 16, 32, 1, 2, 2, 64, true);

  @TempDir
  Path temp;
  /** The run's output: a name with a space, which the folder's URI must escape. */
  Path dir;

  @BeforeEach
  void output() {
    dir = temp.resolve("run output");
  }


  private List<String> files() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
          .toList();
    }
  }

  @Test
  void executorsMapTheFolderOfAVersionAndBuildItBitExact() throws IOException {
    assumeThat(Mappings.visible()).isTrue();
    try (PolicyModel learner = PolicyModel.initialize(SHAPE, 5, Device.cpu());
        FolderPublisher publisher = new FolderPublisher(dir.toString(),
            new Configuration())) {
      Map<String, HostTensor> v0 = learner.toHostTensors();
      PublishedWeights published = publisher.publish(0, learner);
      learner.parameter("model.norm.weight").muli(3f);
      publisher.publish(1, learner);
      PolicyModel built = publisher.publish(2, learner).source().build(Device.cpu());
      Path file = dir.resolve("weights/v2/model.safetensors");
      assertThat(Mappings.mapped(file)).isTrue();
      assertThat(built.toHostTensors()).isEqualTo(learner.toHostTensors())
          .isNotEqualTo(v0);
      built.close();
      assertThat(Mappings.mapped(file)).isFalse();
      assertThat(published.version()).isZero();
    }
    // closed, so the deletion of v0 (as v2 was written) is done; plain files, no .crc files
    assertThat(files()).containsExactly("weights/v1/config.json",
        "weights/v1/model.safetensors", "weights/v2/config.json",
        "weights/v2/model.safetensors");
  }

  @Test
  void theVersionBeforeThePreviousIsGoneBeforeANewOneIsWritten() {
    try (PolicyModel learner = PolicyModel.initialize(SHAPE, 7, Device.cpu())) {
      FolderPublisher publisher = faulty("full-on",
          ".*/\\.tmp-v2-[0-9]+-[0-9a-f]+/model\\.safetensors");
      publisher.publish(0, learner);
      publisher.publish(1, learner);
      assertThatThrownBy(() -> publisher.publish(2, learner))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot publish weights v2")
          .rootCause().hasMessageMatching("No space left on device \\(injected while writing"
              + " faulty:" + Pattern.quote(dir + "/weights/.tmp-v2-")
              + ProcessHandle.current().pid() + "-[0-9a-f]+/model\\.safetensors\\)");
      publisher.close();
      // v0 went before v2's write began (at most two versions on disk); v1, in use, stays
      assertThat(dir.resolve("weights/v0")).doesNotExist();
      assertThat(dir.resolve("weights/v1/model.safetensors")).exists();
    }
  }

  @Test
  void aPublisherNeverDeletesTheTemporaryFolderOfAnother() throws IOException {
    try (PolicyModel learner = PolicyModel.initialize(SHAPE, 7, Device.cpu())) {
      // another run's publisher, whose write of v1 into this folder is under way (it stops
      // at a full disk, leaving its temporary folder as a live write would)
      FolderPublisher other = faulty("full-on", ".*/\\.tmp-v1.*/model\\.safetensors");
      assertThatThrownBy(() -> other.publish(1, learner)).isInstanceOf(UncheckedIOException.class);
      other.close();
      try (FolderPublisher publisher = new FolderPublisher(dir.toString(),
          new Configuration())) {
        publisher.publish(1, learner);
      }
      assertThat(files()).contains("weights/v1/model.safetensors")
          .anyMatch(f -> f.matches("weights/\\.tmp-v1-[0-9]+-[0-9a-f]+/config\\.json"));
    }
  }

  /** A publisher into the output on {@link FaultyFileSystem}, with one fault rule. */
  private FolderPublisher faulty(String rule, String regex) {
    Configuration conf = new Configuration();
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs.faulty.impl.disable.cache", true);
    conf.set("fs.faulty." + rule, regex);
    return new FolderPublisher("faulty://" + dir, conf);
  }

  @Test
  void anOldVersionThatCannotBeDeletedFailsTheNextPublicationNamingIt() {
    try (PolicyModel learner = PolicyModel.initialize(SHAPE, 6, Device.cpu())) {
      FolderPublisher publisher = faulty("keep-on", ".*/weights/v0");
      publisher.publish(0, learner);
      publisher.publish(1, learner);
      publisher.publish(2, learner);
      assertThatThrownBy(() -> publisher.publish(3, learner))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("cannot delete the old weights faulty:" + dir + "/weights/v0");
      publisher.publish(4, learner);
      publisher.close();
      // v3 was never written; v4 went out and the folder before its predecessor (v1) went
      assertThat(dir.resolve("weights/v0")).exists();
      assertThat(dir.resolve("weights/v1")).doesNotExist();
      assertThat(dir.resolve("weights/v3")).doesNotExist();
      assertThat(dir.resolve("weights/v4")).exists();
    }
  }

  @Test
  void aFolderOnTheLocalFileSystemHasALocalDirectoryWhicheverClassServesIt()
      throws IOException {
    Configuration raw = new Configuration();
    raw.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    raw.setBoolean("fs.file.impl.disable.cache", true);
    for (Configuration conf : List.of(new Configuration(), raw)) {
      assertThat(HadoopModelFiles.at(dir.toUri().toString(), conf).localDir()).contains(dir);
    }
  }
}

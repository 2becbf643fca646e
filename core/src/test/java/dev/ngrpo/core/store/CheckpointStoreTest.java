package dev.ngrpo.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary folders of two writers of one store: each deletes only its own. */
class CheckpointStoreTest {
  @TempDir
  Path dir;

  private CheckpointStore store() {
    return CheckpointStore.at(dir.toUri().toString(), new Configuration(), 5);
  }

  private List<String> names() throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc"))
          .sorted().toList();
    }
  }

  @Test
  void aCommitLeavesTheCheckpointAnotherWriterIsWriting() throws Exception {
    CheckpointStore a = store();
    CheckpointStore b = store();
    CheckpointStore.Pending slow = a.begin(3);
    slow.write("state.json", new byte[] {1});
    CheckpointStore.Pending fast = b.begin(2);
    fast.write("state.json", new byte[] {2});
    fast.commit();
    assertThat(slow.dir().getName()).startsWith(".tmp-step-00000003-"
        + ProcessHandle.current().pid() + "-");
    assertThat(names()).containsExactly(slow.dir().getName(), "step-00000002");
    slow.commit();
    assertThat(a.list()).extracting(CheckpointStore.Checkpoint::step).containsExactly(2L, 3L);
    assertThat(names()).containsExactly("step-00000002", "step-00000003");
  }

  @Test
  void deleteAbandonedRemovesOnlyOtherWritersTemporaryFolders() throws Exception {
    CheckpointStore dead = store();
    CheckpointStore.Pending abandoned = dead.begin(4);
    abandoned.write("state.json", new byte[] {1});
    CheckpointStore heir = store();
    CheckpointStore.Pending own = heir.begin(5);
    assertThat(heir.deleteAbandoned()).extracting(p -> p.getName())
        .containsExactly(abandoned.dir().getName());
    assertThat(names()).containsExactly(own.dir().getName());
  }
}

package org.cabinetgw.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    @Test
    void snapshotsAreNumberedByTimeOnlyGrowAndAreBoundedInNumber() throws Exception {
        AtomicLong now = new AtomicLong(1000);
        SnapshotStore store = new SnapshotStore(dir.resolve("conf"), 3, now::get);
        assertThat(store.ids()).as("no folder yet").isEmpty();
        assertThat(store.write(new byte[] { 1 })).isEqualTo(1000);
        assertThat(store.write(new byte[] { 2 })).as("same millisecond: one more").isEqualTo(1001);
        now.set(500); // the clock stepped back
        assertThat(store.write(new byte[] { 3 })).isEqualTo(1002);
        now.set(5000);
        assertThat(store.write(new byte[] { 4 })).isEqualTo(5000);
        assertThat(store.ids()).containsExactly(1001L, 1002L, 5000L);
        assertThat(store.read(1000)).as("the oldest went").isNull();
        assertThat(store.read(5000)).containsExactly(4);
        assertThat(Files.list(dir.resolve("conf"))).as("no temporary file left").hasSize(3);
    }

    @Test
    void otherFilesInTheFolderAreNotSnapshots() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(folder.resolve("snapshot_12.xml"), "<x/>");
        Files.writeString(folder.resolve("snapshot_abc.xml"), "<x/>");
        Files.writeString(folder.resolve("notes.txt"), "");
        Files.writeString(folder.resolve(".snapshot_13.xml.tmp"), "half");
        assertThat(new SnapshotStore(folder, 10, () -> 0).ids()).containsExactly(12L);
    }
}

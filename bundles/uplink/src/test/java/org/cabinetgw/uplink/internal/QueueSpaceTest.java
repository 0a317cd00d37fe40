package org.cabinetgw.uplink.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real filesystem of the test's temporary directory: what it has free decides. */
class QueueSpaceTest {

    @TempDir
    Path dir;

    @Test
    void enoughRoomForTheNextSegmentIsNoShortage() {
        assertNull(new QueueSpace(dir, 1024, System::nanoTime).shortage());
    }

    @Test
    void lessThanTheNextSegmentIsReportedWithWhatIsFreeAndNeeded() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        String why = new QueueSpace(dir, free + (1L << 40), System::nanoTime).shortage();
        assertNotNull(why);
        assertTrue(why.contains("filesystem is full") && why.contains(dir.toString()) && why.contains("KiB"), why);
    }

    @Test
    void aDirectoryThatCannotBeReadClaimsNothing() {
        assertNull(new QueueSpace(dir.resolve("missing"), Long.MAX_VALUE, System::nanoTime).shortage());
    }
}

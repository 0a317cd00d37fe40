package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLockTest {

    @Test
    void aSecondHolderIsRefusedAndToldWhoHoldsIt(@TempDir Path dir) throws Exception {
        DataLock first = DataLock.acquire(dir, "pid 4242, started 2026-12-06T21:00:00Z");
        try {
            assertThatThrownBy(() -> DataLock.acquire(dir, "pid 1")).isInstanceOf(DataLock.Held.class)
                    .hasMessage(dir + " is in use by another gateway (pid 4242, started 2026-12-06T21:00:00Z); stop it "
                            + "first, or give this one its own --data directory");
        } finally {
            first.release();
        }
        DataLock again = DataLock.acquire(dir, "pid 2");
        again.release();
    }

    @Test
    void thisProcessIsDescribedByPidAndStartTime() {
        assertThat(DataLock.describeThisProcess("cab-1")).startsWith("pid " + ProcessHandle.current().pid() + ", started ")
                .endsWith(", client id cab-1");
    }
}

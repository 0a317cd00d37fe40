package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ThreadNamesTest {

    @Test
    void diffNamesWhatGrewAndWhatShrank() {
        assertEquals("+1 MQTT Call: cabi, -1 gone, +2 pool-1-thread-1",
                ThreadNames.diff(Map.of("main", 1, "pool-1-thread-1", 2, "gone", 1),
                        Map.of("main", 1, "pool-1-thread-1", 4, "MQTT Call: cabi", 1)));
        assertEquals("", ThreadNames.diff(Map.of("main", 1), Map.of("main", 1)));
    }

    @Test
    void logbacksSchedulerPoolIsNotCounted() {
        assertEquals(3, ThreadNames.countBesidesLogbackPool(Map.of("main", 1, "logback-1", 1, "logback-7", 1,
                "pool-1-thread-1", 2)));
    }

    @Test
    void thisProcessHasNamedThreads() {
        assertFalse(ThreadNames.of(ProcessHandle.current().pid()).isEmpty());
        assertTrue(ThreadNames.of(Long.MAX_VALUE).isEmpty());
    }
}

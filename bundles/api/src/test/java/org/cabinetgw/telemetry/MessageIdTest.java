package org.cabinetgw.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Message ids: unique across threads, time-ordered RFC 9562 version 7 UUIDs. */
class MessageIdTest {

    @Test
    void idsAreVersion7UuidsStampedWithTheCurrentMillisecond() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(Message.newId());
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 4122/9562
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void manyThreadsCreatingIdsAtOnceNeverRepeatOne() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> work = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                work.add(pool.submit(() -> {
                    int duplicates = 0;
                    for (int i = 0; i < 20_000; i++) {
                        if (!seen.add(Message.newId())) {
                            duplicates++;
                        }
                    }
                    return duplicates;
                }));
            }
            for (Future<Integer> f : work) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(16 * 20_000);
    }
}

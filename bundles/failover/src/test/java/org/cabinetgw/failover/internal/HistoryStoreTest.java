package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    static Episode episode(String id, boolean restored) {
        return new Episode(id, Dimension.POWER, "mains", T0, T0.plusMillis(3000),
                List.of(new EpisodeAction(T0.plusMillis(3500), "on UPS battery")), restored ? T0.plusSeconds(600) : null,
                restored ? "restored" : "open");
    }

    @Test
    void episodesSurviveReopeningWithTheirLastVersion() throws Exception {
        Path f = dir.resolve("h/history.jsonl");
        try (HistoryStore s = new HistoryStore(f, 100)) {
            assertThat(s.open()).isZero();
            s.put(episode("power/1", false));
            s.put(episode("power/2", false));
            s.put(episode("power/1", true));
        }
        try (HistoryStore s = new HistoryStore(f, 100)) {
            assertThat(s.open()).isZero();
            List<Episode> h = s.newest(10);
            assertThat(h).extracting(Episode::id).containsExactly("power/1", "power/2");
            Episode e = h.get(0);
            assertThat(e.restored()).isEqualTo(T0.plusSeconds(600));
            assertThat(e.detection()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(3000));
            assertThat(e.toFirstAction()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(3500));
            assertThat(e.outage()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(600));
            assertThat(e.actions()).containsExactly(new EpisodeAction(T0.plusMillis(3500), "on UPS battery"));
            assertThat(h.get(1).open()).isTrue();
        }
    }

    @Test
    void damagedLinesAreSkippedCountedAndKeptAside() throws Exception {
        Path f = dir.resolve("history.jsonl");
        String good = EpisodeJson.write(episode("a/1", true));
        String longLine = "x".repeat(HistoryStore.MAX_LINE + 10);
        Files.writeString(f, String.join("\n", good, "{not json", "[1,2]", "{\"id\":\"b/1\"}",
                "{\"id\":\"c\",\"dimension\":\"NOPE\",\"what\":\"x\",\"firstSeen\":1}", longLine, "", good.substring(0, 40)),
                StandardCharsets.UTF_8);
        try (HistoryStore s = new HistoryStore(f, 100)) {
            assertThat(s.open()).isEqualTo(6);
            assertThat(s.newest(10)).extracting(Episode::id).containsExactly("a/1");
            // the torn last line got its end: the next episode is a line of its own
            s.put(episode("d/1", false));
        }
        assertThat(dir.resolve("history.jsonl.damaged")).exists();
        try (HistoryStore s = new HistoryStore(f, 100)) {
            assertThat(s.open()).isZero(); // compacted: the damage is gone from the live file
            assertThat(s.newest(10)).extracting(Episode::id).containsExactly("d/1", "a/1");
        }
    }

    @Test
    void bytesThatAreNotUtf8AreDamageNotACrash() throws Exception {
        Path f = dir.resolve("history.jsonl");
        Files.write(f, (EpisodeJson.write(episode("a/1", true)) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(f, new byte[] { (byte) 0xC3, (byte) 0x28, '\n' }, StandardOpenOption.APPEND);
        try (HistoryStore s = new HistoryStore(f, 100)) {
            assertThat(s.open()).isEqualTo(1);
            assertThat(s.newest(10)).extracting(Episode::id).containsExactly("a/1");
        }
    }

    @Test
    void theHistoryIsBoundedOnDiskAndInMemory() throws Exception {
        Path f = dir.resolve("history.jsonl");
        try (HistoryStore s = new HistoryStore(f, 10)) {
            s.open();
            for (int i = 0; i < 100; i++) {
                s.put(episode("e/" + i, false));
                s.put(episode("e/" + i, true));
            }
            assertThat(s.size()).isEqualTo(10);
            assertThat(s.newest(100)).extracting(Episode::id).first().isEqualTo("e/99");
        }
        assertThat(Files.readAllLines(f)).hasSizeLessThanOrEqualTo(20);
        try (HistoryStore s = new HistoryStore(f, 10)) {
            s.open();
            assertThat(s.newest(100)).hasSize(10).extracting(Episode::id).last().isEqualTo("e/90");
        }
    }

    @Test
    void anUnwritableDirectoryFailsOpenAndTheInMemoryHistoryStillWorks() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "a file where the directory should be");
        HistoryStore broken = new HistoryStore(blocker.resolve("failover/history.jsonl"), 10);
        org.assertj.core.api.Assertions.assertThatIOException().isThrownBy(broken::open);

        try (HistoryStore memory = HistoryStore.inMemory(10)) {
            assertThat(memory.open()).isZero();
            for (int i = 0; i < 15; i++) {
                memory.put(episode("m/" + i, true));
            }
            assertThat(memory.newest(100)).hasSize(10).extracting(Episode::id).first().isEqualTo("m/14");
        }
    }

    @Test
    void jsonCarriesDurationsAndIsoTimes() {
        String json = EpisodeJson.write(episode("p/1", true));
        assertThat(json).contains("\"detectionMillis\":3000", "\"firstActionMillis\":3500", "\"outageMillis\":600000",
                "\"firstSeenIso\":\"2026-05-01T10:00:00Z\"");
        assertThat(EpisodeJson.read(json)).isEqualTo(episode("p/1", true));
    }

    /**
     * The coordinator's thread may carry an interrupt (its component deactivated during an update) when it writes:
     * the episode is stored all the same, and the history goes on being written afterwards.
     */
    @Test
    void aWriteFromAnInterruptedThreadIsStoredAndTheNextOneToo() throws Exception {
        Path f = dir.resolve("history.jsonl");
        try (HistoryStore s = new HistoryStore(f, 100)) {
            s.open();
            Thread.currentThread().interrupt();
            try {
                s.put(episode("power/1", false));
            } finally {
                Thread.interrupted(); // clears the flag for what follows, whatever put did
            }
            s.put(episode("power/2", true));
        }
        try (HistoryStore s = new HistoryStore(f, 100)) {
            s.open();
            assertThat(s.newest(10)).extracting(Episode::id).containsExactly("power/2", "power/1");
        }
    }
}

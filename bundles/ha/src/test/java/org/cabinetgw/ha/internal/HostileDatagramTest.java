package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad datagram on a path: refused, counted per path and reason, nothing else changes. */
class HostileDatagramTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final List<String> events = new ArrayList<>();
    private final HeartbeatCodec peerCodec = new HeartbeatCodec(TwoNodes.KEY);
    private PairEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new PairEngine(TwoNodes.settings("gw-b", 100, 7501), new DurableCounter(dir.resolve("epoch")), 1,
                Witness.NONE, (topic, props) -> events.add(topic + " " + props), (path, datagram) -> {
                }, clock, clock.wall());
    }

    private static Heartbeat beat(int path, long incarnation, long seq, long epoch) {
        return new Heartbeat("cabinet-7", "gw-a", path, incarnation, seq, epoch, Role.ACTIVE, 100, false);
    }

    private void deliver(int path, byte[] d) {
        engine.receive(path, d, d.length, "10.0.0.66:7405");
    }

    private long refused(String reason) {
        return engine.status().refused().getOrDefault(reason, 0L);
    }

    @Test
    void aGoodHeartbeatIsAcceptedAndCounted() {
        deliver(0, peerCodec.encode(beat(0, 5, 1, 3)));
        assertThat(engine.status().paths().get(0).accepted()).isEqualTo(1);
        assertThat(engine.status().peerId()).isEqualTo("gw-a");
        assertThat(engine.status().refused()).isEmpty();
    }

    @Test
    void truncatedAtEveryLengthIsRefused() {
        byte[] good = peerCodec.encode(beat(0, 5, 1, 3));
        for (int n = 0; n < good.length; n++) {
            deliver(0, Arrays.copyOf(good, n));
        }
        assertThat(refused("TRUNCATED") + refused("BAD_MAC")).isEqualTo(good.length);
        assertThat(refused("TRUNCATED")).isPositive();
        assertThat(engine.status().paths().get(0).accepted()).isZero();
        assertThat(engine.status().paths().get(0).refused()).isEqualTo(good.length);
    }

    @Test
    void oversizedIsRefusedUnread() {
        deliver(1, new byte[HeartbeatCodec.MAX_DATAGRAM + 1]);
        deliver(1, new byte[65_507]);
        assertThat(refused("OVERSIZED")).isEqualTo(2);
    }

    @Test
    void everySingleBitFlipIsRefused() {
        byte[] good = peerCodec.encode(beat(0, 5, 1, 3));
        for (int i = 0; i < good.length * 8; i++) {
            byte[] bad = good.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            deliver(0, bad);
        }
        assertThat(engine.status().paths().get(0).accepted()).isZero();
        assertThat(engine.status().paths().get(0).refused()).isEqualTo(good.length * 8L);
        assertThat(refused("BAD_MAC")).isPositive();
        assertThat(refused("MALFORMED")).isPositive(); // the magic
        assertThat(refused("BAD_VERSION")).isPositive();
    }

    @Test
    void randomGarbageNeverThrowsAndIsNeverAccepted() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[r.nextInt(HeartbeatCodec.MAX_DATAGRAM + 20)];
            r.nextBytes(junk);
            if (junk.length > 5 && r.nextBoolean()) {
                System.arraycopy("CGHA".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 4);
                junk[4] = 1;
            }
            deliver(r.nextInt(2), junk);
        }
        assertThat(engine.status().paths().stream().mapToLong(p -> p.accepted()).sum()).isZero();
        assertThat(engine.status().paths().stream().mapToLong(p -> p.refused()).sum()).isEqualTo(20_000);
    }

    @Test
    void aHeartbeatUnderAnotherKeyIsUnauthenticated() {
        HeartbeatCodec stranger = new HeartbeatCodec("another-pair-key-0123".getBytes(StandardCharsets.UTF_8));
        deliver(0, stranger.encode(beat(0, 5, 1, 99)));
        assertThat(refused("BAD_MAC")).isEqualTo(1);
        assertThat(engine.epoch()).as("an unauthenticated epoch changes nothing").isZero();
    }

    @Test
    void aForeignPairIdIsRefusedEvenWithTheRightKey() {
        deliver(0, peerCodec.encode(new Heartbeat("cabinet-8", "gw-x", 0, 5, 1, 99, Role.ACTIVE, 100, false)));
        assertThat(refused("FOREIGN_PAIR")).isEqualTo(1);
        assertThat(engine.epoch()).isZero();
    }

    @Test
    void aReplayIsRefusedOnItsPathAndACopyForAnotherPathToo() {
        byte[] first = peerCodec.encode(beat(0, 5, 10, 3));
        deliver(0, first);
        deliver(0, first);
        deliver(0, peerCodec.encode(beat(0, 5, 9, 3))); // older
        deliver(0, peerCodec.encode(beat(0, 4, 99, 3))); // an earlier start of the peer
        assertThat(refused("REPLAY")).isEqualTo(3);
        deliver(1, first); // sent for path 0, injected on path 1
        assertThat(refused("WRONG_PATH")).isEqualTo(1);
        deliver(0, peerCodec.encode(beat(0, 5, 11, 3)));
        deliver(0, peerCodec.encode(beat(0, 6, 1, 3))); // the peer restarted: a new start counter
        assertThat(engine.status().paths().get(0).accepted()).isEqualTo(3);
    }

    @Test
    void ourOwnHeartbeatSentBackIsRefused() {
        deliver(0, peerCodec.encode(new Heartbeat("cabinet-7", "gw-b", 0, 5, 1, 3, Role.ACTIVE, 100, false)));
        assertThat(refused("SELF")).isEqualTo(1);
    }

    @Test
    void aFloodGivesAtMostOneEventASecondPerPath() {
        byte[] junk = new byte[100];
        for (int i = 0; i < 5000; i++) {
            deliver(0, junk);
        }
        clock.advance(1000);
        engine.tick();
        List<String> refusedEvents = events.stream().filter(e -> e.startsWith(HaEvents.HEARTBEAT_REFUSED)).toList();
        assertThat(refusedEvents).hasSize(2);
        assertThat(refusedEvents.get(1)).contains("count=4999").contains("refusal=MALFORMED").contains("10.0.0.66");
    }

    @Test
    void theKeyIsNeverInTheSettingsText() {
        assertThat(TwoNodes.settings("gw-b", 100, 7501).toString()).doesNotContain("0123456789abcdef");
    }
}

package org.cabinetgw.ha.internal;

import org.cabinetgw.testing.LocalMosquitto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes on loopback with a real Mosquitto as the witness, on the real clock: they settle on one active,
 * a killed active is replaced (its will at the broker confirms), a one-path cut changes nothing, and the planned
 * switchover swaps them. Bounds are generous (the machine is shared); {@link DetectionBenchmark} measures.
 */
class LoopbackPairTest {

    @TempDir
    Path dir;

    @Test
    void realNodesSettleTakeOverAndSwitchOver() throws Exception {
        assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed");
        try (LocalMosquitto broker = new LocalMosquitto(dir).start(); LoopbackPair pair = new LoopbackPair(dir, broker.uri())) {
            pair.start(pair.a);
            pair.start(pair.b);
            PairRuntime active = pair.awaitSteady(10_000);
            PairRuntime standby = active == pair.nodeA ? pair.nodeB : pair.nodeA;
            assertThat(active).isSameAs(pair.nodeA); // equal priority: the smaller node id

            SwitchoverResultCheck.accepted(active.engine.switchover());
            PairRuntime swapped = pair.awaitSteady(5000);
            assertThat(swapped).isSameAs(standby);
            assertThat(swapped.engine.epoch()).isEqualTo(2);

            long killed = System.nanoTime();
            LoopbackPair.kill(swapped);
            PairRuntime survivor = swapped == pair.nodeA ? pair.nodeB : pair.nodeA;
            while (survivor.engine.role() != Role.ACTIVE && System.nanoTime() - killed < 10_000_000_000L) {
                Thread.sleep(1);
            }
            long ms = (System.nanoTime() - killed) / 1_000_000;
            assertThat(survivor.engine.role()).isEqualTo(Role.ACTIVE);
            assertThat(ms).as("kill to takeover, ms (goal 100; bound generous for a shared machine)").isLessThan(2000);
            assertThat(survivor.engine.epoch()).isEqualTo(3);
        }
    }

    /** Small helper so a refused switchover fails with its reason. */
    static final class SwitchoverResultCheck {
        static void accepted(org.cabinetgw.ha.SwitchoverResult r) {
            assertThat(r.accepted()).as(r.detail()).isTrue();
        }
    }
}

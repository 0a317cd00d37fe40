package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one SIGSTOP trial of the two-gateway harness that failed (session 10: the resumed node's messages reached the
 * broker over one connection of its own, both never seen ACTIVE together, DEMOTED 2 ms after SIGCONT). The active a
 * is frozen; b takes over once a's lease is stale (3 s, as in the harness: the broker had not closed the frozen
 * node's witness session). a resumes: its witness session is being made again (its MQTT client closed it at the
 * resume: "Timed out as no write activity"), and its heartbeat sockets hold what b sent during the freeze, oldest
 * first: b as STANDBY (epoch 1) for three seconds, then b as ACTIVE (epoch 2). A socket buffer is first in, first out,
 * so what b sends now waits behind that backlog. On a loaded machine the heartbeat thread reads it slowly.
 *
 * <p>The rule of the last fixes (heartbeats heard one timeout, 80 ms, after the stall ended are fresh) held only while
 * the backlog took less than 80 ms to read: here (1-3 datagrams per ms) a read b's STANDBY heartbeats from before the
 * takeover after those 80 ms and took them as b now. Found before the fix: a, demoted (its first tick found the peer
 * silent, or a read b's old heartbeat first), elected itself on them (b demoted: the harness trial), and a that had
 * stayed ACTIVE had its acting permit granted again by them beside b's. After a stall the node now waits until the
 * witness answered an announcement made after it (its view then holds b's ACTIVE lease and its epoch) before a
 * heartbeat of the peer counts for an election or as evidence for the permit, and a heartbeat naming a lower epoch
 * than this node's (sent before the peer learnt of it) never elects it.
 */
class StallBacklogTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} datagram(s) read per ms, {1}")
    @CsvSource({"1, read-first", "2, read-first", "3, read-first", "1, tick-first", "2, tick-first",
            "3, tick-first", "10, tick-first", "10, read-first"})
    void theResumedNodeNeitherActsNorIsElectedOnHeartbeatsThatWaitedInItsSockets(int perMs, String order)
            throws Exception {
        TwoNodes t = new TwoNodes(dir, s -> s, s -> s);
        t.a.fifo = true;
        t.a.start();
        t.broker.connected("gw-a", 0);
        t.b.start();
        t.broker.connected("gw-b", 0);
        t.runUntil(() -> t.a.role() == Role.ACTIVE && t.b.role() == Role.STANDBY, 2000);
        t.run(500);
        assertThat(t.a.role()).as("a ranks first (gw-a < gw-b)").isEqualTo(Role.ACTIVE);

        t.a.freeze(); // SIGSTOP: b's heartbeats wait in a's sockets; a's witness session stays open (no will)
        t.runUntil(() -> t.b.role() == Role.ACTIVE, 10_000);
        assertThat(t.b.role()).as("b takes over once a's lease is stale").isEqualTo(Role.ACTIVE);
        t.run(1000); // the harness: frozen one second more, the new active publishing
        long resumedAt = t.clock.getAsLong();

        t.broker.cut("gw-a", true); // a's witness session made again after the resume: ~350 ms
        t.a.thaw();
        long overlap = 0;
        for (int i = 0; i < 2500; i++) {
            if (i == 350) {
                t.broker.cut("gw-a", false);
            }
            if (order.equals("read-first")) {
                t.a.readInbox(perMs);
                t.run(1);
            } else {
                t.run(1);
                t.a.readInbox(perMs);
            }
            if (t.a.engine.permit().granted() && t.b.engine.permit().granted()) {
                overlap++;
            }
        }
        assertThat(t.a.inbox).as("the backlog was read").isEmpty();
        assertThat(overlap).as("ms with both acting permits granted: a %s", t.a.engine.status().reason()).isZero();
        assertThat(t.events("gw-a", HaEvents.TAKEOVER).stream().filter(e -> e.at() >= resumedAt))
                .as("the resumed a took over again: %s", t.a.engine.status().reason()).isEmpty();
        assertThat(t.events("gw-b", HaEvents.DEMOTED).stream().filter(e -> e.at() >= resumedAt))
                .as("b deposed after a resumed").isEmpty();
        assertThat(t.b.role()).isEqualTo(Role.ACTIVE);
        assertThat(t.a.role()).isEqualTo(Role.STANDBY);
    }
}

package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.ha.Role;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes on loopback (heartbeats, a real Mosquitto as the witness, the replication stream over TCP, each
 * replica on disk): a burst published on the active, the active killed in the middle of it, the standby takes over and
 * hands its replica to its uplink. Every message the active accepted and the cloud had not acknowledged reaches the
 * new active's uplink (lost = 0); everything handed over was accepted by the old active (a duplicate carries a seen
 * id). The uplinks are the {@link Uplink} and {@link QueueContents} contracts over lists; the real jar end to end is
 * not covered here (see DEVELOPERS.md).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicatedTakeoverTest {

    @TempDir
    Path dir;

    /** ... and when it returns as the standby it drops from its own queue what the new active took over. */
    @Test
    void aKilledActiveLosesNothingItAccepted() throws Exception {
        try (ReplicatedPair pair = ReplicatedPair.steady(dir)) {
            PairRuntime active = pair.active;
            PairRuntime standby = pair.standby;
            ListUplink activeUplink = new ListUplink();
            ListUplink standbyUplink = new ListUplink();
            QueueReplication onActive = pair.onActive(dir.resolve("repl-active"));
            QueueReplication onStandby = pair.onStandby(dir.resolve("repl-standby"));
            QueueReplication onReturned = null;
            try {
                onActive.sender.attached(activeUplink);
                onStandby.sender.attached(standbyUplink);
                onActive.start();
                onStandby.start();
                ReplicationStreamTest.await("the standby in sync", () -> onActive.state() == ReplicationState.IN_SYNC);

                // the burst: the uplink stores each message, then tells the replicator; the cloud acknowledges with a lag
                List<Message> accepted = new CopyOnWriteArrayList<>();
                Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
                AtomicBoolean killed = new AtomicBoolean();
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < 100_000 && !killed.get(); i++) {
                        Message m = ReplicationStreamTest.message(i);
                        activeUplink.publish(m);
                        onActive.sender.accepted(m);
                        if (!killed.get()) {
                            accepted.add(m); // publish returned before the kill: the caller was told "accepted"
                        }
                        if (i >= 50 && i % 10 == 0) {
                            List<String> ids = new ArrayList<>();
                            for (Message old : accepted.subList(Math.max(0, accepted.size() - 60), accepted.size() - 50)) {
                                if (acknowledged.add(old.id())) {
                                    ids.add(old.id());
                                }
                            }
                            onActive.sender.acknowledged(ids);
                        }
                    }
                });
                producer.start();
                ReplicationStreamTest.await("a burst under way", () -> accepted.size() >= 300);
                // kill -9: heartbeats and the witness connection gone at once, the stream's socket closed mid-burst
                killed.set(true);
                LoopbackPair.kill(active);
                onActive.close();
                producer.join(10_000);

                ReplicationStreamTest.await("the standby takes over", () -> standby.engine.role() == Role.ACTIVE);
                ReplicaReplay.Result handed = onStandby.takeOver(standbyUplink);

                Set<String> delivered = new HashSet<>(acknowledged);
                standbyUplink.queue.forEach(m -> delivered.add(m.id()));
                List<String> lost = accepted.stream().map(Message::id).filter(id -> !delivered.contains(id)).toList();
                assertThat(lost).as("accepted by the old active, neither acknowledged nor handed to the new one").isEmpty();
                Set<String> seen = new HashSet<>();
                activeUplink.queue.forEach(m -> seen.add(m.id()));
                assertThat(standbyUplink.queue).extracting(Message::id).as("handed over: only ids the old active accepted")
                        .allMatch(seen::contains);
                assertThat(handed.replayed()).isEqualTo(standbyUplink.queue.size());
                assertThat(handed.refused()).isEmpty();
                assertThat(onStandby.replica.pending()).as("all handed over").isEmpty();

                // The killed node restarts and returns as the standby. Its own queue still holds what it had accepted
                // (what the cloud acknowledged left it), and one message it accepted after its standby fell away
                // (never replicated). The new active tells it what it took over; that leaves its queue, the rest stays.
                Message notReplicated = ReplicationStreamTest.message(-1);
                activeUplink.queue.removeIf(m -> acknowledged.contains(m.id()));
                activeUplink.queue.add(notReplicated);
                Set<String> takenOver = new HashSet<>(handed.handedOver());
                List<Message> expected = activeUplink.queue.stream().filter(m -> !takenOver.contains(m.id())).toList();
                assertThat(expected.size()).as("the old queue holds ids the new active took over")
                        .isLessThan(activeUplink.queue.size());
                active.close();
                PairRuntime back = pair.restartActive();
                ReplicationStreamTest.await("the killed node back as STANDBY", () -> back.engine.role() == Role.STANDBY);
                onReturned = pair.onReturned(back, dir.resolve("repl-active"));
                onReturned.sender.attached(activeUplink);
                onReturned.start();
                ReplicationStreamTest.await("the returned node in sync", () -> onStandby.state() == ReplicationState.IN_SYNC);
                ReplicationStreamTest.await("what the new active took over discarded on the returned node",
                        () -> activeUplink.queue.size() == expected.size());
                assertThat(activeUplink.queue).as("only what the new active never had stays, to go out when it acts")
                        .containsExactlyElementsOf(expected).contains(notReplicated);
            } finally {
                onActive.close();
                onStandby.close();
                if (onReturned != null) {
                    onReturned.close();
                }
            }
        }
    }
}

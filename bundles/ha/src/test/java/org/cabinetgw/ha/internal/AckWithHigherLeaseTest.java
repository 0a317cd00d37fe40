package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.ha.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness's client delivers on threads of its own, while the engine ticks: the peer's lease with a higher epoch
 * and, right after it, the broker's acknowledgement of this node's latest renewal. When both land between the moment
 * the tick read the peer's lease (to evaluate the role) and the moment it read the acknowledgement (to renew the
 * acting permit), the permit was extended by step.down.millis on an answer the broker gave after it held the peer's
 * takeover; the demotion came only at the next tick. The tick now reads the acknowledgement first: a lease that came
 * with it is in the view the role is evaluated on.
 */
class AckWithHigherLeaseTest {

    @TempDir
    Path dir;

    @Test
    void anAcknowledgementArrivingWithThePeersHigherLeaseDoesNotExtendThePermit() throws Exception {
        FakeClock clock = new FakeClock();
        RacingWitness w = new RacingWitness(clock);
        PairEngine e = new PairEngine(TwoNodes.settings("gw-a", 100, 7401), new DurableCounter(dir.resolve("epoch")), 7,
                w, (topic, props) -> { }, (path, datagram) -> { }, clock, clock.wall());
        for (int i = 0; i < 2000 && e.role() != Role.ACTIVE; i++) {
            clock.advance(1);
            e.tick();
            w.acknowledgeAll();
        }
        assertThat(e.role()).as("alone, the witness holding no lease of the peer: it takes over").isEqualTo(Role.ACTIVE);
        for (int i = 0; i < 600; i++) { // renewals go out; the broker's answers are slow (a loaded machine)
            clock.advance(1);
            e.tick();
        }
        long before = e.permit().remaining(clock.getAsLong());
        assertThat(before).as("still granted on the last answer").isPositive();

        w.deliverDuringNextLeaseRead = true; // the peer took over (epoch 5); then the latest renewal's answer
        clock.advance(1);
        e.tick();
        long after = e.permit().remaining(clock.getAsLong());
        assertThat(after).as("permit ms left after the tick that read the old lease (before: %d)", before)
                .isLessThanOrEqualTo(before);
        clock.advance(1);
        e.tick();
        assertThat(e.role()).as("the higher epoch is seen at the next tick").isEqualTo(Role.DEMOTED);
        assertThat(e.permit().granted()).isFalse();
    }

    /** A witness whose client threads run in the middle of a tick, when told to. */
    private static final class RacingWitness implements Witness {
        private final FakeClock clock;
        private final List<Long> sent = new ArrayList<>();
        private PeerLease view;
        private long ack = -1;
        boolean deliverDuringNextLeaseRead;

        RacingWitness(FakeClock clock) {
            this.clock = clock;
        }

        void acknowledgeAll() {
            if (!sent.isEmpty()) {
                ack = Math.max(ack, sent.get(sent.size() - 1));
            }
        }

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public boolean reachable() {
            return true;
        }

        @Override
        public PeerLease peerLease() {
            PeerLease seen = view;
            if (deliverDuringNextLeaseRead) {
                deliverDuringNextLeaseRead = false;
                // what the client's threads do while the engine goes on with the view it read: the lease first (the
                // broker sent it first), then the answer to the latest renewal
                view = new PeerLease(PeerLease.ACTIVE, 5, 9, clock.getAsLong());
                acknowledgeAll();
            }
            return seen;
        }

        @Override
        public long lastAcknowledged() {
            return ack;
        }

        @Override
        public void announce(Role role, long epoch) {
            sent.add(clock.getAsLong());
        }

        @Override
        public String describe() {
            return "racing";
        }

        @Override
        public void close() {
        }
    }
}

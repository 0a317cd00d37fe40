package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.SwitchoverResult;
import org.cabinetgw.ha.WitnessState;
import org.cabinetgw.ha.internal.PairSettings.ActiveWhenIsolated;
import org.cabinetgw.ha.internal.PairSettings.StandbyWhenIsolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role logic of one node of the pair, without threads or sockets: heartbeats come in through
 * {@link #receive}, time passes through {@link #tick}, both on the clock given (monotonic milliseconds), so the
 * unit tests drive two engines on a fake clock.
 *
 * <p>The rules, in short (the README argues why they never give two actives):
 * <ul>
 * <li>a node acts only in ACTIVE; it becomes ACTIVE only by a takeover that first writes a raised epoch to disk;</li>
 * <li>a takeover happens when the peer said it hands over, when both are heard and neither is active (the
 * election: higher priority, then the smaller node id), or when the peer is silent on every path for the timeout
 * and the witness shows it is not acting (released in the life last heard; or, for {@code lease.timeout.millis}, its
 * lease not renewed or none of that life: {@link WitnessEvidence}) — or, the witness unreachable, when the
 * integrator chose TAKE_OVER;</li>
 * <li>an ACTIVE node that hears an ACTIVE peer with a higher epoch (or the same epoch and a better rank), or sees
 * a higher epoch at the witness, or hears any higher epoch, demotes at once;</li>
 * <li>an ACTIVE node that hears the peer on no path and had no lease renewal acknowledged for
 * {@code step.down.millis} steps down (unless KEEP_ACTIVE), before the witness would let the standby take over.</li>
 * </ul>
 */
final class PairEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PairEngine.class);

    private final PairSettings settings;
    private final HeartbeatCodec codec;
    private final DurableCounter epochStore;
    private final Witness witness;
    private final EngineEvents events;
    private final DatagramSender sender;
    private final LongSupplier clock;
    private final LongSupplier wallClock;
    private final long incarnation;
    private final List<PathState> paths = new ArrayList<>();
    private final HeartbeatRefusals refusals;
    private final PeerView peer = new PeerView();
    /** The fence the uplink's transports read before each connection and send (see ActingWindow). */
    private final ActingWindow permit;
    private final PermitRenewal permitRenewal;
    private final PeerLiveness liveness;

    private Role role = Role.STARTING;
    private long roleSinceWall;
    private String reason = "listening for the peer";
    private long epoch;
    private long startedAt;
    private long seq;
    private long nextSend;
    private long nextRenewal;
    private long activeSince;
    /**
     * The election believes only heartbeats heard from one timeout after the first datagram this engine read: the
     * sockets are bound before the engine reads them, and what waited there (the peer as STANDBY just before it took
     * over alone) is read first, as after a stall. -1: nothing read yet.
     */
    private long electableFrom = -1;
    /** When this node last stepped down for want of the witness's acknowledgements; -1 never. */
    private long steppedDownAt = -1;
    private boolean handingOver;
    private long handoverSince;
    private long failBackEligibleSince = -1;
    private String epochFault = "";

    PairEngine(PairSettings settings, DurableCounter epochStore, long incarnation, Witness witness, EventSink events,
            DatagramSender sender, LongSupplier clock, LongSupplier wallClock) throws IOException {
        this.settings = settings;
        this.codec = new HeartbeatCodec(settings.key());
        this.epochStore = epochStore;
        this.witness = witness;
        this.events = new EngineEvents(settings.nodeId(), events);
        this.sender = sender;
        this.clock = clock;
        this.wallClock = wallClock;
        this.incarnation = incarnation;
        this.refusals = new HeartbeatRefusals(settings.nodeId(), events);
        this.permit = new ActingWindow(clock, settings.timeoutMs());
        this.permitRenewal = new PermitRenewal(settings, witness, peer, permit);
        this.epoch = epochStore.read();
        long now = clock.getAsLong();
        long wall = wallClock.getAsLong();
        this.startedAt = now;
        this.nextSend = now;
        this.roleSinceWall = wall;
        settings.paths().forEach(p -> paths.add(new PathState(p, wall)));
        this.liveness = new PeerLiveness(paths, peer, settings.timeoutMs(), wallClock, this.events);
    }

    /** Handles one datagram received on path {@code path}; a refused one is counted and otherwise ignored. */
    synchronized void receive(int path, byte[] data, int length, String source) {
        long now = clock.getAsLong();
        permit.observed(now); // a stall is known before anything read now counts as fresh
        PathState p = paths.get(path);
        HeartbeatCodec.Decoded d = codec.decode(data, length, settings.pairId());
        Heartbeat h = d.heartbeat();
        Refusal refusal = d.refusal();
        if (h != null) {
            if (h.nodeId().equals(settings.nodeId())) {
                refusal = Refusal.SELF;
            } else if (h.path() != path) {
                refusal = Refusal.WRONG_PATH;
            } else if (!p.isNewer(h.incarnation(), h.seq())) {
                refusal = Refusal.REPLAY;
            }
        }
        if (refusal != null) {
            refusals.refuse(p, refusal, source, now);
            return;
        }
        if (electableFrom < 0) {
            electableFrom = now + settings.timeoutMs();
        }
        p.lastIncarnation = h.incarnation();
        p.lastSeq = h.seq();
        p.lastHeard = now;
        p.lastHeardWall = wallClock.getAsLong();
        p.accepted++;
        peer.heard(h, now, p.lastHeardWall);
        // decide at once: a higher epoch demotes now, not at the next tick
        evaluate(now);
    }

    /** Advances time: path and peer liveness, the role, heartbeats and lease renewals that are due. */
    synchronized void tick() {
        long now = clock.getAsLong();
        permit.ticked(now); // first: a stall is known before any evidence counts
        // read before the role is evaluated: a lease of the peer the broker sent before this acknowledgement is then
        // in what evaluate reads (PermitRenewal)
        long acknowledged = witness.lastAcknowledged();
        liveness.update(now);
        evaluate(now);
        permitRenewal.renew(role, epoch, now, acknowledged);
        paths.forEach(p -> refusals.flush(p, now));
        if (role == Role.ACTIVE && now >= nextRenewal) {
            nextRenewal = now + settings.leaseRenewMs();
            witness.announce(Role.ACTIVE, epoch);
        } else if (role != Role.ACTIVE && (steppedDownAt >= 0 || !permitRenewal.witnessAnsweredSinceStall()) && now >= nextRenewal) {
            // stepped down for want of acknowledgements, or stalled: ask again until the witness answers
            // (evaluateStandby, elect); a reconnection's own lease is not dated as an acknowledgement (MqttWitness),
            // so without this it never is
            nextRenewal = now + settings.leaseRenewMs();
            witness.announce(steppedDownAt >= 0 ? Role.DEMOTED : role, epoch);
        }
        if (now >= nextSend) {
            sendHeartbeats(now);
        }
    }

    /** The data-path fence: granted while this node is ACTIVE on fresh evidence (ActingWindow). */
    ActingWindow permit() {
        return permit;
    }

    private void evaluate(long now) {
        // any epoch seen (a heartbeat, the witness) that is higher than ours is remembered durably; an ACTIVE
        // node that sees one was overtaken and stops acting at once
        long seen = Math.max(peer.epoch, witnessPeerEpoch());
        if (seen > epoch) {
            if (role == Role.ACTIVE) {
                demote("the peer " + peer.id + " holds the higher epoch " + seen + " (ours " + epoch + ")", seen, now);
            }
            adoptEpoch(seen);
        }
        boolean heard = peer.lastHeard == now || peer.alive;
        switch (role) {
            case STARTING -> evaluateStarting(heard, now);
            case STANDBY, DEMOTED -> evaluateStandby(heard, now);
            case ACTIVE -> evaluateActive(heard, now);
            default -> {
            }
        }
    }

    private void evaluateStarting(boolean heard, long now) {
        if (heard) {
            if (peer.role == Role.ACTIVE) {
                become(Role.STANDBY, "the peer " + peer.id + " is active (epoch " + peer.epoch + ")");
            } else if (peer.role == Role.STARTING || peer.role == Role.STANDBY || peer.role == Role.DEMOTED) {
                elect(now);
            }
        } else if (now - startedAt >= settings.startupWaitMs()) {
            peer.declaredDead(now, wallClock.getAsLong());
            become(Role.STANDBY, "the peer was not heard within " + settings.startupWaitMs() + " ms of the start");
            evaluateStandby(false, now);
        }
    }

    /** Both nodes are heard and neither is active: the better rank takes over, the other is standby. */
    private void elect(long now) {
        if (handingOver && now - handoverSince <= settings.timeoutMs() * 4) {
            return; // we asked the peer to take over; give it the time to
        }
        handingOver = false;
        if (!permit.fresh(peer.lastHeard) || peer.lastHeard < electableFrom || !permitRenewal.witnessAnsweredSinceStall()) {
            return; // maybe read from a backlog after a stall (the peer as it was before it took over): wait for fresh ones
        }
        if (peer.epoch < epoch) {
            return; // sent before the peer learnt of this node's epoch (one it saw us or the witness hold): from the past
        }
        if (outranksPeer()) {
            takeOver("election", "elected: no node was active and this node ranks first (priority "
                    + settings.priority() + " against " + peer.priority + ")", now);
        } else if (role == Role.STARTING) {
            become(Role.STANDBY, "the peer " + peer.id + " ranks first and takes the active role");
        }
    }

    boolean outranksPeer() {
        if (settings.priority() != peer.priority) {
            return settings.priority() > peer.priority;
        }
        return settings.nodeId().compareTo(peer.id) < 0;
    }

    private void evaluateStandby(boolean heard, long now) {
        if (heard) {
            if (peer.role == Role.ACTIVE) {
                if (role == Role.DEMOTED || !reason.startsWith("the peer " + peer.id + " is active")) {
                    handingOver = false;
                    become(Role.STANDBY, "the peer " + peer.id + " is active (epoch " + peer.epoch + ")");
                }
            } else if (peer.role == Role.DEMOTED && peer.handover && role == Role.STANDBY) {
                takeOver("handover", "the peer " + peer.id + " handed over (planned switchover)", now);
            } else if (peer.role == Role.STANDBY || peer.role == Role.DEMOTED) {
                elect(now);
            }
            return;
        }
        if (peer.declaredDeadAt < 0) {
            return; // never heard and still within the start: nothing to decide
        }
        // after stepping down because the witness acknowledged nothing, what it shows is stale (a pulled cable keeps a
        // TCP session "connected" until the keep-alive notices): only an acknowledgement since then makes it a witness
        if (steppedDownAt >= 0 && witness.lastAcknowledged() >= steppedDownAt) {
            steppedDownAt = -1; // it answers again
        }
        boolean witnessUp = witness.configured() && witness.reachable() && steppedDownAt < 0;
        if (!witnessUp) {
            if (settings.standbyWhenIsolated() == StandbyWhenIsolated.TAKE_OVER) {
                takeOver("policy", "the peer is silent on every path and the witness "
                        + (witness.configured() ? "is unreachable" : "is not configured")
                        + "; standby.when.isolated = TAKE_OVER", now);
            } else {
                stay("the peer is silent on every path and the witness "
                        + (witness.configured() ? "is unreachable" : "is not configured")
                        + ": staying standby (standby.when.isolated = STAY_STANDBY)");
            }
            return;
        }
        WitnessEvidence.Verdict v = WitnessEvidence.judge(witness.peerLease(), epoch, peer, now, settings);
        if (v.takeOver()) {
            takeOver("witness", v.why(), now);
        } else {
            stay(v.why());
        }
    }

    private void evaluateActive(boolean heard, long now) {
        if (heard && peer.role == Role.ACTIVE) {
            if (peer.epoch > epoch || (peer.epoch == epoch && !outranksPeer())) {
                demote("the peer " + peer.id + " is active too and ranks first (epoch " + peer.epoch + ")", peer.epoch,
                        now);
            }
            return;
        }
        if (!heard && witness.configured() && settings.activeWhenIsolated() == ActiveWhenIsolated.STEP_DOWN) {
            long lastAck = Math.max(witness.lastAcknowledged(), activeSince);
            if (now - lastAck > settings.stepDownMs()) {
                steppedDownAt = now;
                demote("isolated: the peer is silent on every path and the witness acknowledged no lease renewal for "
                        + (now - lastAck) + " ms (active.when.isolated = STEP_DOWN)", -1, now);
                return;
            }
        }
        failBack(heard, now);
    }

    /** With fail-back on, a preferred (higher priority) standby healthy for the hold time gets the role back. */
    private void failBack(boolean heard, long now) {
        boolean eligible = settings.failBack() && heard && peer.role == Role.STANDBY
                && peer.priority > settings.priority() && paths.stream().allMatch(p -> p.up);
        if (!eligible) {
            failBackEligibleSince = -1;
        } else if (failBackEligibleSince < 0) {
            failBackEligibleSince = now;
        } else if (now - failBackEligibleSince >= settings.failBackHoldMs()) {
            failBackEligibleSince = -1;
            handOver("fail-back to the preferred node " + peer.id, now);
        }
    }

    private void stay(String why) {
        if (!why.equals(reason)) {
            reason = why;
            LOG.warn("Still {}: {}", role, why);
        }
    }

    private void takeOver(String cause, String why, long now) {
        // a peer last heard as a non-active node may have elected itself (epoch + 1) and stalled before its ACTIVE
        // heartbeat or lease came out: a takeover on its silence skips that epoch, so that node, resumed, finds a
        // higher epoch and demotes, instead of both holding the same one (StandbyLeaseSameLifeTest)
        boolean mayHaveElected = (cause.equals("witness") || cause.equals("policy")) && peer.lastHeard >= 0
                && peer.role != Role.ACTIVE;
        long next = Math.max(epoch, Math.max(peer.epoch, witnessPeerEpoch())) + (mayHaveElected ? 2 : 1);
        try {
            epochStore.write(next);
            epochFault = "";
        } catch (IOException e) {
            // without the raised epoch on disk a restart could act under an old epoch: do not act at all
            if (!epochFault.equals(e.toString())) {
                epochFault = e.toString();
                LOG.error("Cannot take over: the epoch could not be written to {}: {}", epochStore.file(), e.toString());
            }
            stay("cannot take over: the epoch could not be written (" + e.getMessage() + ")");
            return;
        }
        epoch = next;
        long wall = wallClock.getAsLong();
        activeSince = now;
        nextRenewal = now;
        handingOver = false;
        become(Role.ACTIVE, why);
        permitRenewal.grantedByTakeover();
        permit.grantFor(now, settings.timeoutMs()); // its own decision, just made; evidence keeps it from here
        witness.announce(Role.ACTIVE, epoch);
        nextRenewal = now + settings.leaseRenewMs();
        events.takeover(epoch, cause, why, peer, now, wall);
    }

    private void demote(String why, long higherEpoch, long now) {
        become(Role.DEMOTED, why);
        Map<String, Object> p = events.props(HaEvents.EPOCH, epoch, HaEvents.REASON, why);
        if (higherEpoch >= 0) {
            p.put(HaEvents.PEER_EPOCH, higherEpoch);
        }
        events.post(HaEvents.DEMOTED, p);
        witness.announce(Role.DEMOTED, epoch);
    }

    private void handOver(String why, long now) {
        handingOver = true;
        handoverSince = now;
        demote(why, -1, now);
    }

    /** The planned switchover: refused unless this node is ACTIVE and the peer a healthy STANDBY on every path. */
    synchronized SwitchoverResult switchover() {
        long now = clock.getAsLong();
        liveness.update(now);
        if (role != Role.ACTIVE) {
            return new SwitchoverResult(false, "this node is " + role + ", not ACTIVE: ask the active node");
        }
        if (!peer.alive || peer.role != Role.STANDBY) {
            return new SwitchoverResult(false, "the peer is not a healthy standby (" + (peer.alive
                    ? "it is " + peer.role : "it is not heard") + ")");
        }
        List<String> down = paths.stream().filter(p -> !p.up).map(p -> p.spec.name()).toList();
        if (!down.isEmpty()) {
            return new SwitchoverResult(false, "heartbeat path(s) " + down + " down: the pair is not healthy");
        }
        handOver("planned switchover to " + peer.id, now);
        sendHeartbeats(now);
        return new SwitchoverResult(true, "handed over: " + peer.id + " takes over within a few heartbeat intervals");
    }

    private void become(Role next, String why) {
        Role previous = role;
        String oldReason = reason;
        if (next != Role.ACTIVE) {
            permit.withdraw(); // before anything else: the uplink stops sending now, not once SCR has caught up
        }
        role = next;
        reason = why;
        if (previous == next) {
            if (!why.equals(oldReason)) {
                LOG.info("{}: {}", next, why);
            }
            return;
        }
        roleSinceWall = wallClock.getAsLong();
        nextSend = clock.getAsLong(); // tell the peer at once
        LOG.info("Role {} -> {} (epoch {}): {}", previous, next, epoch, why);
        events.post(HaEvents.ROLE_CHANGED, HaEvents.ROLE, next.name(), HaEvents.PREVIOUS_ROLE, previous.name(),
                HaEvents.EPOCH, epoch, HaEvents.REASON, why);
    }

    private void adoptEpoch(long seen) {
        try {
            epochStore.write(seen);
            epoch = seen;
        } catch (IOException e) {
            // the node still knows the higher epoch in memory through the peer; it acts on nothing until written
            LOG.error("Cannot write the epoch {} to {}: {}", seen, epochStore.file(), e.toString());
            epoch = seen;
        }
    }

    private long witnessPeerEpoch() {
        PeerLease l = witness.configured() && witness.reachable() ? witness.peerLease() : null;
        return l != null && PeerLease.ACTIVE.equals(l.state()) ? l.epoch() : 0;
    }

    private void sendHeartbeats(long now) {
        nextSend = now + settings.intervalMs();
        for (int i = 0; i < paths.size(); i++) {
            Heartbeat h = new Heartbeat(settings.pairId(), settings.nodeId(), i, incarnation, ++seq, epoch, role,
                    settings.priority(), handingOver && role == Role.DEMOTED);
            try {
                sender.send(i, codec.encode(h));
            } catch (RuntimeException e) {
                LOG.debug("Sending a heartbeat on path {} failed", paths.get(i).spec.name(), e);
            }
        }
    }

    synchronized Role role() {
        return role;
    }

    synchronized long epoch() {
        return epoch;
    }

    synchronized HaStatus status() {
        List<PathStatus> ps = paths.stream().map(p -> p.status(settings.timeoutMs())).toList();
        Map<String, Long> refused = refusals.totals();
        return new HaStatus(settings.nodeId(), settings.pairId(), role, roleSinceWall, reason, epoch, peer.id, peer.role,
                peer.alive, ps, witness.describe(), refused, !witness.configured() ? WitnessState.NONE
                        : witness.reachable() ? WitnessState.REACHABLE : WitnessState.UNREACHABLE);
    }
}

package org.cabinetgw.network.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.NetworkEvents.SwitchCause;

/**
 * Chooses the link that should carry the default route. Pure: it is given every link's state and the time.
 *
 * <ul>
 * <li>Ranking: priority first (lower number preferred), then health (UP before DEGRADED), then name.</li>
 * <li>The active link fails or is held down: switch at once to the best usable link (FAILOVER).</li>
 * <li>No active link (start-up, all were down): switch at once to the best usable one (RECOVERY); at start-up
 * first wait until every more preferred link has been probed the rounds it needs to come up.</li>
 * <li>The active link is usable but a better-ranked one exists: switch only once that one has been usable
 * without interruption for the fail-back hold time (FAILBACK), so a link that just came back is not trusted
 * with traffic yet.</li>
 * <li>Nothing usable: no active link.</li>
 * </ul>
 */
final class LinkSelector {

    /**
     * What the selector needs to know about one link. {@code usableSince} is -1 when it is not usable;
     * {@code settled} is false until the link has been probed enough rounds to be declared up.
     */
    record Candidate(String name, int priority, LinkState state, long usableSince, boolean settled) {
        Candidate(String name, int priority, LinkState state, long usableSince) {
            this(name, priority, state, usableSince, true);
        }
    }

    /** The decision: which link should be active (empty: none), and why it changed (empty: no change). */
    record Decision(Optional<String> active, Optional<SwitchCause> cause) {
        static Decision keep(String active) {
            return new Decision(Optional.ofNullable(active), Optional.empty());
        }
    }

    static final Comparator<Candidate> RANKING = Comparator.comparingInt(Candidate::priority)
            .thenComparing(c -> c.state() == LinkState.UP ? 0 : 1)
            .thenComparing(Candidate::name);

    private final long failbackHoldMillis;

    LinkSelector(long failbackHoldMillis) {
        this.failbackHoldMillis = failbackHoldMillis;
    }

    Decision choose(List<Candidate> links, String currentActive, long now) {
        Optional<Candidate> best = links.stream().filter(c -> c.state().usable()).min(RANKING);
        Optional<Candidate> active = currentActive == null ? Optional.empty()
                : links.stream().filter(c -> c.name().equals(currentActive)).findFirst();
        if (best.isEmpty()) {
            return currentActive == null ? Decision.keep(null) : new Decision(Optional.empty(), Optional.of(SwitchCause.FAILOVER));
        }
        if (currentActive == null && links.stream()
                .anyMatch(c -> !c.settled() && c.priority() < best.get().priority())) {
            // Start-up: a preferred link has not had the rounds it needs to come up yet. Waiting those few
            // rounds avoids starting on cellular only to fail back after the hold time.
            return Decision.keep(null);
        }
        if (active.isEmpty()) {
            return new Decision(Optional.of(best.get().name()),
                    Optional.of(currentActive == null ? SwitchCause.RECOVERY : SwitchCause.FAILOVER));
        }
        if (!active.get().state().usable()) {
            return new Decision(Optional.of(best.get().name()), Optional.of(SwitchCause.FAILOVER));
        }
        Candidate candidate = best.get();
        if (candidate.name().equals(currentActive) || RANKING.compare(candidate, active.get()) >= 0) {
            return Decision.keep(currentActive);
        }
        if (candidate.usableSince() >= 0 && now - candidate.usableSince() >= failbackHoldMillis) {
            return new Decision(Optional.of(candidate.name()), Optional.of(SwitchCause.FAILBACK));
        }
        return Decision.keep(currentActive);
    }
}

package org.cabinetgw.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One failover episode: a fault from the moment it was first seen until service was restored, or a drill.
 *
 * @param id        unique, stable across updates of the same episode
 * @param dimension where the fault was
 * @param what      what failed, e.g. {@code mains}, {@code link wired}, {@code transport MQTT},
 *                  {@code RAID md0}, {@code component storage.raid.md0}, {@code drill link}
 * @param firstSeen when the fault was first seen (first failed probe, mains lost)
 * @param declared  when it was declared a failure (after the configured delays); null while not declared
 * @param actions   what was done about it, in order
 * @param restored  when service was restored; null while the episode is open
 * @param outcome   how it ended, or what is the matter while open: {@code open}, {@code restored},
 *                  {@code escalated}, {@code drill passed}, {@code drill failed: ...}
 */
public record Episode(String id, Dimension dimension, String what, Instant firstSeen, Instant declared,
        List<EpisodeAction> actions, Instant restored, String outcome) {

    public Episode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(firstSeen, "firstSeen");
        actions = actions == null ? List.of() : List.copyOf(actions);
        outcome = outcome == null ? "" : outcome;
    }

    /** True until service is restored (or the drill ended). */
    public boolean open() {
        return restored == null;
    }

    /** First seen to declared. */
    public Optional<Duration> detection() {
        return declared == null ? Optional.empty() : Optional.of(Duration.between(firstSeen, declared));
    }

    /** First seen to the first action. */
    public Optional<Duration> toFirstAction() {
        return actions.isEmpty() ? Optional.empty() : Optional.of(Duration.between(firstSeen, actions.get(0).at()));
    }

    /** First seen to restored: how long the redundancy was lost. */
    public Optional<Duration> outage() {
        return restored == null ? Optional.empty() : Optional.of(Duration.between(firstSeen, restored));
    }
}

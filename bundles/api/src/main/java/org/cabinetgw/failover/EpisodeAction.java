package org.cabinetgw.failover;

import java.time.Instant;
import java.util.Objects;

/**
 * Something done (by the system or the coordinator) during an episode.
 *
 * @param at   when it was done
 * @param what what was done, e.g. {@code route switched to cellular} or {@code stopped org.example.video}
 */
public record EpisodeAction(Instant at, String what) {

    public EpisodeAction {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(what, "what");
    }
}

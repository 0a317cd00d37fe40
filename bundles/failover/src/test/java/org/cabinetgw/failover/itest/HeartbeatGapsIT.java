package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The pair's peer silent on every path for a moment and heard again, nothing done (ha's PEER_LOST then PEER_BACK, as
 * on a loaded machine): no failover episode, one more heartbeat gap in GET /failover. About a second.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class HeartbeatGapsIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    FailoverCoordinator coordinator;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;

    @Test
    void aShortPeerSilenceIsCountedAsAGapNotRecordedAsAnEpisode() throws Exception {
        String base = Fixture.baseUrl(context);
        long before = gaps(Fixture.awaitHttp(base + "failover", 200, 10_000).body());
        long lastHeard = System.currentTimeMillis() - 90;
        eventAdmin.sendEvent(new Event(HaEvents.PEER_LOST, Map.of(HaEvents.PEER, "gw-itest", HaEvents.LAST_HEARD,
                lastHeard)));
        eventAdmin.sendEvent(new Event(HaEvents.PEER_BACK, Map.of(HaEvents.PEER, "gw-itest", HaEvents.PEER_ROLE,
                "ACTIVE")));

        long now = Await.until("one more heartbeat gap in GET /failover", Duration.ofSeconds(10),
                () -> gaps(Fixture.http("GET", base + "failover").body()), n -> n > before);
        assertThat(now).isEqualTo(before + 1);
        // past the 1 s minimum (pair.silence.episode.millis): still no episode of it
        Thread.sleep(1500);
        assertThat(coordinator.history(1000)).noneMatch(e -> e.what().contains("gw-itest"));
    }

    private static long gaps(String body) {
        JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        return o.has("pair") ? o.getAsJsonObject("pair").get("heartbeatGaps").getAsLong() : -1;
    }
}

package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.telemetry.Message;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.junit.jupiter.api.Test;

/** The cabinet state as the cloud receives it. */
class AnnouncerTest {

    private final List<Message> sent = new ArrayList<>();
    private final Announcer announcer = new Announcer(new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    }, new UplinkHandover("test", () -> sent::add), "failover.coordinator", "failover/cabinet", "failover/alarm");

    @Test
    void twoMessagesAboutOneStateCarryTheirOwnTimeAndTheStatesStart() throws Exception {
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        CabinetStatus state = new CabinetStatus(CabinetState.DEGRADED, since, List.of());
        announcer.publishState(state);
        Thread.sleep(5);
        announcer.publishState(state);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).timestamp()).as("when it was made, not the state's start").isAfter(since);
        assertThat(sent.get(1).timestamp()).isAfter(sent.get(0).timestamp());
        assertThat(sent).allSatisfy(m -> assertThat(m.metrics().get("since")).isEqualTo(since.toString()));
    }
}

package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CloudEventsTest {

    @Test
    void theFirstMessageOfEachFailoverTopicSinceTheInjectionByTheGatewaysOwnStamp() {
        List<String> lines = List.of(
                "{\"id\":\"1\",\"ts\":\"2026-12-07T12:00:00.000Z\",\"topic\":\"failover/cabinet\",\"metrics\":{}}",
                "{\"id\":\"2\",\"ts\":\"2026-12-07T12:00:10.400Z\",\"topic\":\"failover/cabinet\",\"metrics\":{}}",
                "{\"id\":\"3\",\"ts\":\"2026-12-07T12:00:12.000Z\",\"topic\":\"failover/alarm\",\"metrics\":{}}",
                "{\"id\":\"4\",\"ts\":\"2026-12-07T12:00:10.100Z\",\"topic\":\"deploy/fixture\",\"metrics\":{\"seq\":9}}",
                "Connection error: Connection refused",
                "{\"id\":\"5\",\"ts\":\"2026-12-07T12:00:11.000Z\",\"topic\":\"failover/cabinet\",\"metrics\":{}}");
        long injected = java.time.Instant.parse("2026-12-07T12:00:10.000Z").toEpochMilli();
        assertEquals("failover/cabinet after 0.4 s; failover/alarm after 2.0 s", CloudEvents.firstOfEachTopic(lines, injected));
        assertEquals("none", CloudEvents.firstOfEachTopic(lines, injected + 60_000));
    }
}

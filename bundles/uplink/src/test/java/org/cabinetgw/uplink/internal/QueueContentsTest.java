package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.QueueContents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replicator is offered the queue's contents when bound: what a returning standby of a pair must copy. Without a
 * transport nothing is acknowledged, so the queue holds everything published, in order and decoded as published.
 */
class QueueContentsTest {

    @TempDir
    Path dir;

    @Test
    void theQueuedMessagesComeBackInOrderAsTheyWerePublished() throws Exception {
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")),
                new UplinkEngine.Events() {
                })) {
            List<Message> published = new ArrayList<>();
            for (int i = 0; i < 600; i++) { // more than one page
                Message m = Message.of("test.source", "copied", i % 2 == 0 ? Priority.TELEMETRY : Priority.ALARM,
                        Map.of("n", i, "v", i + 0.5, "ok", i % 3 == 0, "s", "x" + i));
                engine.publish(m);
                published.add(m);
            }
            QueueContents offered = QueueDiscardTest.contents(engine); // as a replicator bound to the uplink sees it
            assertThat(offered).as("offered when bound").isNotNull();
            List<Message> copied = new ArrayList<>();
            long n = offered.forEachUnacknowledged(copied::add);
            assertThat(n).isEqualTo(600);
            assertThat(copied).extracting(Message::id).containsExactlyElementsOf(published.stream().map(Message::id).toList());
            Message first = copied.get(1);
            assertThat(first.priority()).isEqualTo(Priority.ALARM);
            assertThat(first.metrics()).containsEntry("n", 1L).containsEntry("v", 1.5).containsEntry("ok", false)
                    .containsEntry("s", "x1");
            assertThat(first.timestamp()).isEqualTo(published.get(1).timestamp());
        }
    }
}

package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.QueueContents;
import org.cabinetgw.uplink.QueueReplicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of a pair that was deposed holds in its own queue messages the new active took over and delivers (bundles/ha):
 * the pair discards them by id, so this node does not send them again when it acts once more. Only those ids go, the
 * rest stays in order, and what was discarded stays discarded after a restart.
 */
class QueueDiscardTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheNamedIdsLeaveTheQueueAndStayGoneAfterARestart() throws Exception {
        List<String> kept = new ArrayList<>();
        List<String> takenOver = new ArrayList<>();
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")), new UplinkEngine.Events() {
        })) {
            for (int i = 0; i < 600; i++) { // more than one page
                Message m = Message.of("test.source", "t", Priority.EVENT, Map.of("n", i));
                engine.publish(m);
                (i % 3 == 0 ? kept : takenOver).add(m.id());
            }
            List<String> asked = new ArrayList<>(takenOver);
            asked.add("not-in-this-queue");
            asked.add(takenOver.get(0)); // twice
            assertThat(contents(engine).discard(asked)).isEqualTo(takenOver.size());
            assertThat(ids(contents(engine))).containsExactlyElementsOf(kept);
            assertThat(contents(engine).discard(takenOver)).as("a second time: nothing left to discard").isZero();
        }
        try (UplinkEngine again = new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")), new UplinkEngine.Events() {
        })) {
            assertThat(ids(contents(again))).containsExactlyElementsOf(kept);
        }
    }

    private static List<String> ids(QueueContents queue) {
        List<String> out = new ArrayList<>();
        queue.forEachUnacknowledged(m -> out.add(m.id()));
        return out;
    }

    /** The queue's contents as a replicator bound to the engine is offered them (QueueContentsTest uses it too). */
    static QueueContents contents(UplinkEngine engine) {
        AtomicReference<QueueContents> offered = new AtomicReference<>();
        engine.replicateTo(new QueueReplicator() {
            @Override
            public void accepted(Message message) {
            }

            @Override
            public void acknowledged(List<String> ids) {
            }

            @Override
            public void attached(QueueContents queue) {
                offered.set(queue);
            }
        });
        return offered.get();
    }
}

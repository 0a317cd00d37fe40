package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.QueueContents;
import org.cabinetgw.uplink.QueueReplicator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair's synchronous replication overlaps the uplink's own group commit (api uplink 1.5, {@link
 * QueueReplicator#replicating}): the replicator is told a message before it is durable here, and {@code publish}
 * returns only once the message is durable here <em>and</em> the replicator's {@code await} returned. Before 1.5 the
 * replicator was told only after the local fsync, so the standby's fsync followed the active's (README of bundles/ha,
 * "The cost of synchronous replication"). A replicator of the 1.4 contract (accepted only) is QueueReplicatorTest's:
 * the default {@code replicating} calls it after the commit, as before.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicatingBeforeCommitTest {

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();

    @Test
    void theReplicatorIsToldFirstAndPublishWaitsForItsAwait() throws Exception {
        UplinkEngine engine = closeLast.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")),
                new UplinkEngine.Events() {
                }));
        List<String> replicating = new CopyOnWriteArrayList<>();
        List<String> accepted = new CopyOnWriteArrayList<>();
        CountDownLatch standbyAnswers = new CountDownLatch(1);
        CompletableFuture<QueueContents> queue = new CompletableFuture<>();
        engine.replicateTo(new QueueReplicator() {
            @Override
            public Replication replicating(Message message) {
                replicating.add(message.id());
                return () -> {
                    try {
                        standbyAnswers.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
            }

            @Override
            public void accepted(Message message) {
                accepted.add(message.id()); // the 1.4 way: only after the local commit
            }

            @Override
            public void acknowledged(List<String> ids) {
            }

            @Override
            public void attached(QueueContents contents) {
                queue.complete(contents);
            }
        });
        Message m = Message.of("test.source", "replicated", Priority.EVENT, Map.of("n", 1));
        CompletableFuture<Void> published = CompletableFuture.runAsync(() -> {
            try {
                engine.publish(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the replicator told of " + m.id(), Duration.ofSeconds(20), () -> replicating.contains(m.id()));
        // durable here (the queue's contents hold it), yet publish has not returned: it waits for the standby
        QueueContents contents = queue.get(5, TimeUnit.SECONDS);
        Await.until("the message durable in the local queue", Duration.ofSeconds(20), () -> {
            List<String> ids = new ArrayList<>();
            contents.forEachUnacknowledged(q -> ids.add(q.id()));
            return ids.contains(m.id());
        });
        assertThat(published).as("publish waits for the replicator's await").isNotDone();
        standbyAnswers.countDown();
        published.get(20, TimeUnit.SECONDS);
        assertThat(replicating).containsExactly(m.id());
        assertThat(accepted).as("told once, through replicating, not again through accepted").isEmpty();
    }
}

package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.junit.jupiter.api.Test;

/** The bisection of refused batches and the identity of retries, without a server. */
class PendingBatchesTest {

    private static List<QueuedMessage> messages(int from, int to) {
        List<QueuedMessage> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(new QueuedMessage(i, "id-" + i, Priority.TELEMETRY, "t", "{}".getBytes(StandardCharsets.UTF_8)));
        }
        return list;
    }

    /** Plays an endpoint refusing every request that holds {@code bad}; returns the requests made. */
    private static int play(PendingBatches p, List<QueuedMessage> first, long bad, List<QueuedMessage> dead) {
        int requests = 0;
        List<QueuedMessage> batch = first;
        while (batch != null) {
            requests++;
            if (PendingBatches.seqsOf(batch).contains(bad)) {
                dead.addAll(p.refused(batch));
            } else {
                p.delivered(PendingBatches.seqsOf(batch));
            }
            batch = p.next(m -> !dead.contains(m));
        }
        return requests;
    }

    @Test
    void oneBadMessageInTwoHundredCostsAFewRequestsAndOnlyItself() {
        PendingBatches p = new PendingBatches();
        List<QueuedMessage> dead = new ArrayList<>();
        int requests = play(p, messages(0, 200), 123, dead);
        assertThat(dead).extracting(QueuedMessage::seq).containsExactly(123L);
        assertThat(requests).isBetween(8, 20);
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void aRetryIsTheSameBatchAndFilteredMessagesMakeANewOne() {
        PendingBatches p = new PendingBatches();
        List<QueuedMessage> batch = messages(0, 5);
        p.failed(batch);
        p.failed(batch);
        assertThat(p.next(m -> true)).isEqualTo(batch);
        // one of them was acknowledged by the other transport meanwhile
        assertThat(p.next(m -> m.seq() != 2)).extracting(QueuedMessage::seq).containsExactly(0L, 1L, 3L, 4L);
        assertThat(p.next(m -> false)).isNull();
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void aLoneMessageIsRefusedTwiceBeforeItIsGivenUpAndDeliveryForgetsARefusal() {
        PendingBatches p = new PendingBatches();
        List<QueuedMessage> one = messages(7, 8);
        assertThat(p.refused(one)).isEmpty();
        assertThat(p.next(m -> true)).isEqualTo(one);
        assertThat(p.refused(one)).isEqualTo(one);
        assertThat(p.isEmpty()).isTrue();

        List<QueuedMessage> again = messages(9, 10);
        p.refused(again);
        p.delivered(PendingBatches.seqsOf(again));
        assertThat(p.refused(again)).as("refused once since its delivery").isEmpty();
        p.clear();
        assertThat(p.isEmpty()).isTrue();
    }
}

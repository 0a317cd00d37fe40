package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobQueueTest {

    /**
     * The window of a "nothing happens" check: the first job's end (its latch counted down) is followed by freeing its
     * slot on the queue's thread; a wrong end would free the second token within this time. It cannot be awaited.
     */
    private static final long QUIET_MILLIS = 100;

    private final JobQueue queue = new JobQueue("job-queue-test");

    @AfterEach
    void stop() throws InterruptedException {
        queue.interrupt();
        queue.awaitStopped(5000);
    }

    @Test
    void oneJobAtATimeAndTheSlotIsFreedWhenItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JobToken first = queue.claim("a.b (job 1)");
        assertThat(first).isNotNull();
        assertThat(queue.run(first, () -> await(release))).isTrue();
        assertThat(queue.claim("a.b (job 2)")).as("busy").isNull();
        assertThat(queue.holder()).hasToString("a.b (job 1)");
        release.countDown();
        Await.until("the slot freed", Duration.ofSeconds(10), () -> queue.holder() == null);
        assertThat(queue.holder()).isNull();
        assertThat(queue.claim("a.b (job 2)")).isNotNull();
    }

    @Test
    void aJobEndingLateNeverFreesTheSlotOfTheJobAfterIt() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobToken first = queue.claim("same label");
        queue.run(first, () -> {
            queue.free(); // its last notification: the slot is free before the job's thread ends
            await(release);
            ended.countDown();
        });
        Await.until("the slot freed", Duration.ofSeconds(10), () -> queue.holder() == null);
        JobToken second = queue.claim("same label"); // an equal label, another job
        assertThat(second).isNotNull();
        release.countDown();
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(QUIET_MILLIS);
        assertThat(queue.holder()).as("the first job's end freed only its own token").isSameAs(second);
    }

    @Test
    void takeComesFirstWhoeverHeldTheSlot() {
        JobToken job = queue.claim("a job");
        JobToken recovery = queue.take("recovery of a.b (job 3)");
        assertThat(queue.holder()).isSameAs(recovery).isNotSameAs(job);
    }

    @Test
    void aStoppedQueueRefusesAndFreesTheSlot() throws Exception {
        queue.interrupt();
        JobToken token = queue.claim("late");
        assertThat(queue.run(token, () -> { })).isFalse();
        assertThat(queue.holder()).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

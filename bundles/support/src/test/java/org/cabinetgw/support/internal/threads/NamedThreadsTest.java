package org.cabinetgw.support.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class NamedThreadsTest {

    @Test
    void theThreadCarriesItsNameAndIsADaemon() throws Exception {
        ScheduledExecutorService s = NamedThreads.singleScheduler("cabinetgw-test-named");
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        s.execute(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get().getName()).isEqualTo("cabinetgw-test-named");
        assertThat(ran.get().isDaemon()).isTrue();
        assertThat(NamedThreads.shutdown(s, Duration.ofSeconds(30))).isTrue();
        assertThat(s.isTerminated()).isTrue();
    }

    @Test
    void shutdownInterruptsTheRunningTaskAndWaitsForIt() throws Exception {
        ScheduledExecutorService s = NamedThreads.singleScheduler("cabinetgw-test-stop");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        s.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(NamedThreads.shutdown(s, Duration.ofSeconds(30))).isTrue();
        assertThat(interrupted.getCount()).isZero();
    }

    @Test
    void nothingStartedIsNothingToStop() {
        assertThat(NamedThreads.shutdown(null, Duration.ofSeconds(1))).isTrue();
    }
}

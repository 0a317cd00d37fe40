package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

/** A real deadlock between two threads, found by the JVM's ThreadMXBean, then broken by interrupting them. */
class DeadlockWatchTest {

    @Test
    void aRealDeadlockIsFoundAndNamed() throws Exception {
        DeadlockWatch watch = new DeadlockWatch();
        assertThat(watch.deadlocked()).isEmpty();
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread t1 = new Thread(() -> cross(a, b, bothHold), "deadlock-test-1");
        Thread t2 = new Thread(() -> cross(b, a, bothHold), "deadlock-test-2");
        t1.setDaemon(true);
        t2.setDaemon(true);
        t1.start();
        t2.start();
        try {
            List<String> found = List.of();
            for (int i = 0; i < 200 && found.size() < 2; i++) {
                Thread.sleep(10);
                found = watch.deadlocked();
            }
            assertThat(found).hasSize(2);
            assertThat(found.get(0)).startsWith("deadlock-test-1 (waiting for").contains("held by deadlock-test-2");
        } finally {
            t1.interrupt();
            t2.interrupt();
            t1.join(5000);
            t2.join(5000);
        }
        assertThat(watch.deadlocked()).isEmpty();
    }

    private static void cross(ReentrantLock first, ReentrantLock second, CountDownLatch bothHold) {
        first.lock();
        try {
            bothHold.countDown();
            bothHold.await();
            second.lockInterruptibly(); // interruptible, so the test can end the deadlock it made
            second.unlock();
        } catch (InterruptedException e) {
            // expected: the test broke the deadlock
        } finally {
            first.unlock();
        }
    }
}

package org.cabinetgw.failover.itest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Uplink;

/**
 * The cloud side of the uplink as the coordinator sees it: messages it publishes are kept in order. A real
 * uplink stores and forwards them; what matters here is what the coordinator hands over and when.
 */
final class RecordingUplink implements Uplink {

    private final List<Message> messages = new ArrayList<>();
    volatile Consumer<Message> onPublish;

    @Override
    public synchronized void publish(Message message) {
        messages.add(message);
        Consumer<Message> c = onPublish;
        if (c != null) {
            c.accept(message);
        }
        notifyAll();
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    synchronized Message await(Predicate<Message> wanted, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (Message m : messages) {
                if (wanted.test(m)) {
                    return m;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no message as wanted within " + timeoutMillis + " ms; got " + messages);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}

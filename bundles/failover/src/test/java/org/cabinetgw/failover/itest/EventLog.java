package org.cabinetgw.failover.itest;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** Records the events of some topics, as they arrive through the real Event Admin. */
final class EventLog implements AutoCloseable {

    private final List<Event> events = new ArrayList<>();
    private final ServiceRegistration<EventHandler> registration;

    EventLog(BundleContext context, String... topics) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, topics);
        registration = context.registerService(EventHandler.class, this::add, p);
    }

    private synchronized void add(Event e) {
        events.add(e);
        notifyAll();
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    synchronized List<Event> all(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic)).toList();
    }

    synchronized void clear() {
        events.clear();
    }

    /** The first event (from the start of the log) matching; fails after the timeout. */
    synchronized Event await(String topic, Predicate<Event> wanted, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (Event e : events) {
                if (e.getTopic().equals(topic) && wanted.test(e)) {
                    return e;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + topic + " event as wanted within " + timeoutMillis + " ms; seen: " + describe());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * The first event matching that arrived after {@code earlier} (an event of this log); fails after the timeout.
     * For a state the log may already hold from before: an event posted before a {@link #clear} can still arrive
     * after it, since Event Admin delivers asynchronously.
     */
    synchronized Event awaitAfter(Event earlier, String topic, Predicate<Event> wanted, long timeoutMillis)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            int from = -1;
            for (int i = 0; i < events.size() && from < 0; i++) {
                from = events.get(i) == earlier ? i : -1; // this very event: Event.equals would match a look-alike
            }
            if (from < 0) {
                throw new AssertionError("not an event of this log: " + earlier);
            }
            for (Event e : events.subList(from + 1, events.size())) {
                if (e.getTopic().equals(topic) && wanted.test(e)) {
                    return e;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + topic + " event as wanted after " + earlier.getTopic() + " within "
                        + timeoutMillis + " ms; seen: " + describe());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            b.append("\n  ").append(e.getTopic()).append(' ');
            for (String n : e.getPropertyNames()) {
                if (!n.equals(EventConstants.EVENT_TOPIC)) {
                    Object v = e.getProperty(n);
                    b.append(n).append('=').append(v instanceof String[] a ? String.join("|", a) : v).append(' ');
                }
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        registration.unregister();
    }
}

package org.cabinetgw.storage.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.testing.Await;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** Listens to events and looks up health contributors, for the in-framework tests. */
final class Harness implements AutoCloseable {

    private final BundleContext context;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ServiceRegistration<EventHandler> registration;

    Harness(BundleContext context, String... topics) {
        this.context = context;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, topics);
        registration = context.registerService(EventHandler.class, events::add, props);
    }

    /** The next event that matches, skipping others; fails after the timeout. */
    Event await(Predicate<Event> matching, long millis) throws InterruptedException {
        List<String> skipped = new ArrayList<>();
        try {
            return Await.nonNull("a matching event", Duration.ofMillis(millis), () -> {
                Event e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && !matching.test(e)) {
                    skipped.add(e.getTopic());
                    return null;
                }
                return e;
            });
        } catch (AssertionError timedOut) {
            // the skipped topics say more than Await's "last seen: null"
            throw new AssertionError("no matching event within " + millis + " ms; saw " + skipped, timedOut);
        }
    }

    /** Every event that arrives within the time, in order. */
    List<Event> drain(long millis) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            Event e = events.poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    void clear() {
        events.clear();
    }

    /** The health of a component, or null when no contributor has that name. */
    Health health(String component) {
        try {
            Collection<ServiceReference<HealthContributor>> refs = context.getServiceReferences(HealthContributor.class,
                    "(" + HealthContributor.COMPONENT + "=" + component + ")");
            for (ServiceReference<HealthContributor> ref : refs) {
                HealthContributor c = context.getService(ref);
                try {
                    return c == null ? null : c.health();
                } finally {
                    context.ungetService(ref);
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Health awaitHealth(String component, Predicate<Health> matching, long millis) throws InterruptedException {
        return Await.until(component + " reaching the expected health", Duration.ofMillis(millis),
                () -> health(component), h -> h != null && matching.test(h));
    }

    /** Replaces a file atomically, as the kernel's /proc files never show a half-written state. */
    static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean threadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
    }

    @Override
    public void close() {
        registration.unregister();
    }
}

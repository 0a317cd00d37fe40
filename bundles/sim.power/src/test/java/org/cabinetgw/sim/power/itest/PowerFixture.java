package org.cabinetgw.sim.power.itest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * A simulated cabinet configured the way an integrator would: the simulator, the power state and three
 * meters (SDM630 on mains, SunSpec on the generator, generic UPS), all through ConfigurationAdmin; and
 * every power event recorded.
 */
final class PowerFixture implements AutoCloseable {

    final List<Event> events = new CopyOnWriteArrayList<>();
    private final BundleContext context;
    private final ConfigurationAdmin cm;
    private final List<Configuration> configs = new ArrayList<>();
    private final ServiceRegistration<EventHandler> handler;
    final int mainsPort;
    final int generatorPort;
    final int upsPort;

    PowerFixture(BundleContext context, ConfigurationAdmin cm) throws IOException, InterruptedException {
        this(context, cm, 1000);
    }

    /** With the mains meter's answer timeout set, e.g. very long to make a poll hang. */
    PowerFixture(BundleContext context, ConfigurationAdmin cm, int mainsTimeoutMs)
            throws IOException, InterruptedException {
        this.context = context;
        this.cm = cm;
        mainsPort = freePort();
        int g;
        do {
            g = freePort();
        } while (g == mainsPort);
        generatorPort = g;
        int u;
        do {
            u = freePort();
        } while (u == mainsPort || u == generatorPort);
        upsPort = u;
        Dictionary<String, Object> hp = new Hashtable<>();
        hp.put(EventConstants.EVENT_TOPIC, PowerEvents.TOPIC_PREFIX + "*");
        handler = context.registerService(EventHandler.class, events::add, hp);

        Configuration sim = cm.getConfiguration("org.cabinetgw.sim.power", "?");
        sim.update(props("mains.port", mainsPort, "generator.port", generatorPort, "ups.port", upsPort));
        configs.add(sim);
        awaitSimulatorOn(mainsPort);
        Configuration state = cm.getConfiguration("org.cabinetgw.power.state", "?");
        state.update(props("evaluation.millis", 50, "loss.delay.millis", 300, "restore.delay.millis", 1000,
                "reading.max.age.millis", 1500));
        configs.add(state);
        meter("mains", "MAINS", mainsPort, "SDM630", mainsTimeoutMs);
        meter("generator", "GENERATOR", generatorPort, "SUNSPEC", 1000);
        meter("ups", "UPS", upsPort, "UPS_GENERIC", 1000);
    }

    private void meter(String name, String role, int port, String preset, int timeoutMs) throws IOException {
        Configuration c = cm.createFactoryConfiguration("org.cabinetgw.power.meter", "?");
        c.update(props("meter.name", name, "meter.role", role, "transport", "TCP", "host", "127.0.0.1", "port", port,
                "preset", preset, "poll.millis", 100, "timeout.millis", timeoutMs, "retries", 1, "max.backoff.millis", 200));
        configs.add(c);
    }

    /** The simulator listens on the new ports before any meter polls (a meter would cope, but the test is exact). */
    private void awaitSimulatorOn(int port) throws InterruptedException {
        try {
            Await.until("the simulator on port " + port, Duration.ofSeconds(10), () -> sim("status"),
                    status -> status.contains("on port " + port));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + components(), e);
        }
    }

    static Dictionary<String, Object> props(Object... kv) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            d.put((String) kv[i], kv[i + 1]);
        }
        return d;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a simulator command as Gogo would: the service's public sim(String...) method. */
    String sim(String... words) throws Exception {
        ServiceReference<?>[] refs = Await.until("the power:sim command", Duration.ofSeconds(10),
                () -> context.getServiceReferences((String) null, "(osgi.command.scope=power)"),
                r -> r != null && r.length > 0);
        Object service = context.getService(refs[0]);
        try {
            Method m = service.getClass().getMethod("sim", String[].class);
            return (String) m.invoke(service, (Object) words);
        } finally {
            context.ungetService(refs[0]);
        }
    }

    /** Waits until an event matching {@code p} arrived (or fails after {@code ms}). */
    Event await(String what, long ms, Predicate<Event> p) throws InterruptedException {
        Optional<Event> found = Await.within(Duration.ofMillis(ms),
                () -> events.stream().filter(p).findFirst().orElse(null), e -> e != null);
        if (found.isPresent()) {
            return found.get();
        }
        throw new AssertionError("no " + what + " within " + ms + " ms; events: " + describe(events) + components());
    }

    static Predicate<Event> topic(String topic, Object... kv) {
        return e -> {
            if (!e.getTopic().equals(topic)) {
                return false;
            }
            for (int i = 0; i < kv.length; i += 2) {
                if (!kv[i + 1].equals(e.getProperty((String) kv[i]))) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The state of this project's DS components, so a failure says which one did not come up and why. */
    String components() {
        StringBuilder b = new StringBuilder("\ncomponents:");
        org.osgi.framework.ServiceReference<org.osgi.service.component.runtime.ServiceComponentRuntime> ref =
                context.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        if (ref == null) {
            return b.append(" no SCR").toString();
        }
        org.osgi.service.component.runtime.ServiceComponentRuntime scr = context.getService(ref);
        for (org.osgi.framework.Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("org.cabinetgw")) {
                continue;
            }
            b.append("\n  ").append(bundle.getSymbolicName()).append(" state ").append(bundle.getState());
            for (var d : scr.getComponentDescriptionDTOs(bundle)) {
                b.append("\n    ").append(d.name);
                for (var c : scr.getComponentConfigurationDTOs(d)) {
                    b.append(" [state ").append(c.state).append(c.failure == null ? "" : " " + c.failure.lines().findFirst().orElse(""));
                    for (var u : c.unsatisfiedReferences) {
                        b.append(" unsatisfied ").append(u.name);
                    }
                    b.append(']');
                }
            }
        }
        context.ungetService(ref);
        return b.toString();
    }

    static String describe(List<Event> events) {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            b.append("\n  ").append(e.getTopic().substring(PowerEvents.TOPIC_PREFIX.length()));
            for (String k : e.getPropertyNames()) {
                if (!k.equals(EventConstants.EVENT_TOPIC)) {
                    b.append(' ').append(k).append('=').append(e.getProperty(k));
                }
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        handler.unregister();
        // meters first, the simulator last, so no meter sees its device vanish
        for (int i = configs.size() - 1; i >= 0; i--) {
            configs.get(i).delete();
        }
        // the next test creates the simulator and power state PIDs again: see ConfigurationEvents
        ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        // the next test starts from nothing: wait until the simulator and the meters are gone
        Await.until("the simulator and the meters gone", Duration.ofSeconds(10),
                () -> context.getServiceReferences((String) null, "(osgi.command.scope=power)") == null
                        && context.getServiceReferences(org.cabinetgw.power.Meter.class, null).isEmpty());
    }
}

package org.cabinetgw.sim.storage.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The demo's path end to end: the simulator's Gogo command degrades the array, the real RAID monitor sees it. */
class SimulatedArrayMonitoredIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    Configuration sim;
    Configuration raid;

    @AfterEach
    void cleanUp() throws Exception {
        if (raid != null) {
            raid.delete();
        }
        if (sim != null) {
            sim.delete();
        }
        // the next test configures the simulator again: its deletion must have reached SCR first (a new
        // configuration arriving before it was seen lost once; see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
    }

    @Test
    void failAndReplaceFromTheConsoleBecomeMdadmEvents() throws Exception {
        Path file = Files.createTempDirectory("sim-storage").resolve("mdstat");
        sim = configurationAdmin.getConfiguration("org.cabinetgw.sim.storage", "?");
        Dictionary<String, Object> s = new Hashtable<>();
        s.put("mdstat.path", file.toString());
        s.put("level", "raid1");
        s.put("rebuild.percent.per.second", 25);
        s.put("tick.millis", 200);
        sim.update(s);

        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, StorageEvents.TOPIC_PREFIX + "*");
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, events::add, topic);
        try {
            Await.until("the simulator writing " + file, Duration.ofSeconds(10), () -> Files.exists(file));
            raid = configurationAdmin.getConfiguration("org.cabinetgw.storage.raid", "?");
            Dictionary<String, Object> r = new Hashtable<>();
            r.put("mdstat.path", file.toString());
            r.put("mdadm.path", "");
            r.put("poll.seconds", 1);
            raid.update(r);
            assertThat(next(events)).isEqualTo("NewArray");

            assertThat(console("fail", "sdb1")).startsWith("sdb1 failed");
            assertThat(next(events)).isEqualTo("Fail sdb1");

            assertThat(console("replace", "sdb1", "sdc1")).contains("sdc1 added");
            assertThat(next(events)).isEqualTo("RebuildStarted");
            String event;
            do {
                event = next(events);
            } while (event.startsWith("Rebuild") && !event.equals("RebuildFinished"));
            assertThat(event).isEqualTo("RebuildFinished");
            assertThat(next(events)).isEqualTo("SpareActive sdc1");
            assertThat(console("explode")).startsWith("error: unknown command");
        } finally {
            listener.unregister();
        }
    }

    /** What it cannot run with is reported as every bundle reports a refused setting, and the shell says why. */
    @Test
    void aConfigurationItCannotRunWithIsRefusedNamingTheSetting() throws Exception {
        sim = configurationAdmin.getConfiguration("org.cabinetgw.sim.storage", "?");
        Dictionary<String, Object> s = new Hashtable<>();
        s.put("array", "sda; rm -rf /");
        s.put("mdstat.path", "relative/mdstat");
        sim.update(s);
        assertThat(refusal("array")).isEqualTo("configuration refused: array = 'sda; rm -rf /' is not an md name like md0");
        assertThat(console("status")).isEqualTo("error: the storage simulator is not started: its configuration is "
                + "refused: org.cabinetgw.sim.storage: array = 'sda; rm -rf /' is not an md name like md0");

        s.put("array", "md3");
        sim.update(s);
        assertThat(refusal("mdstat.path")).isEqualTo("configuration refused: mdstat.path = 'relative/mdstat' is not "
                + "an absolute path");

        Path file = Files.createTempDirectory("sim-storage").resolve("mdstat");
        s.put("mdstat.path", file.toString());
        sim.update(s);
        Await.until("the simulator writing " + file, Duration.ofSeconds(10), () -> Files.exists(file));
        assertThat(Files.readString(file)).contains("md3 : active");
        assertThat(refusalNow()).as("withdrawn once corrected").isNull();
    }

    /** The refusal of the simulator's configuration once it names {@code setting}. */
    private String refusal(String setting) throws Exception {
        return Await.until("a refusal naming " + setting, Duration.ofSeconds(10), this::refusalNow,
                reason -> reason != null && reason.contains(setting));
    }

    private String refusalNow() throws Exception {
        for (ServiceReference<org.cabinetgw.health.HealthContributor> ref : context.getServiceReferences(
                org.cabinetgw.health.HealthContributor.class,
                "(" + org.cabinetgw.health.ConfigurationRefusal.REFUSED_PID + "=org.cabinetgw.sim.storage)")) {
            org.cabinetgw.health.HealthContributor c = context.getService(ref);
            try {
                return c == null ? null : c.health().reason();
            } finally {
                context.ungetService(ref);
            }
        }
        return null;
    }

    private String console(String... words) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=storage)");
        assertThat(refs).as("storage:sim command").isNotNull();
        Object command = context.getService(refs[0]);
        try {
            Method sim = command.getClass().getMethod("sim", String[].class);
            return (String) sim.invoke(command, (Object) words);
        } finally {
            context.ungetService(refs[0]);
        }
    }

    private static String next(BlockingQueue<Event> events) throws InterruptedException {
        Event e = events.poll(15, TimeUnit.SECONDS);
        assertThat(e).as("next storage event").isNotNull();
        Object member = e.getProperty(StorageEvents.MEMBER);
        return e.getProperty(StorageEvents.MDADM_EVENT) + (member == null ? "" : " " + member);
    }
}

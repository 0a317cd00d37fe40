package org.cabinetgw.sim.power.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.sim.power.itest.PowerFixture.topic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.Refusals;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** Configuration refused, telemetry through an Uplink when one appears, and the simulator's HTTP control. */
class PowerConfigurationIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;

    @Test
    void anOutOfRangeMeterConfigurationIsRefusedNamingTheAttribute() throws Exception {
        List<Event> health = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> hp = new Hashtable<>();
        hp.put(EventConstants.EVENT_TOPIC, HealthEvents.CONFIGURATION_REFUSED);
        ServiceRegistration<EventHandler> h = context.registerService(EventHandler.class, health::add, hp);
        Configuration c = cm.createFactoryConfiguration("org.cabinetgw.power.meter", "?");
        try {
            c.update(PowerFixture.props("meter.name", "badmeter", "meter.role", "MAINS", "port", 1502, "poll.millis", 10));
            // the meter's own event (core's Metatype check posts one too, in either order)
            Event e = Await.nonNull("the meter's own refusal event", Duration.ofSeconds(10), () -> health.stream()
                    .filter(x -> "power.meter.badmeter".equals(x.getProperty(HealthEvents.COMPONENT))).findFirst()
                    .orElse(null));
            assertThat(e.getProperty(HealthEvents.ATTRIBUTE)).isEqualTo("poll.millis");
            assertThat((String) e.getProperty(HealthEvents.REASON)).isEqualTo("poll.millis = 10 is out of range; allowed 100..3600000");
            assertThat(e.getProperty(HealthEvents.PID)).isEqualTo(c.getPid());
            // its entry config:<pid> names the setting; the meter offers no Meter at all, and threw nothing
            assertThat(Refusals.await(context, c.getPid(), 10_000).reason())
                    .isEqualTo("configuration refused: poll.millis = 10 is out of range; allowed 100..3600000");
            assertThat(context.getServiceReferences(Meter.class, "(meter.name=badmeter)")).isEmpty();
        } finally {
            c.delete();
            h.unregister();
        }
    }

    /**
     * The simulator reports what stops it as every bundle does (config:<pid> DOWN naming the setting), and throws
     * nothing: a port already taken, then outage times that cannot fit; the shell says why; corrected, it runs.
     */
    @Test
    void aSimulatorConfigurationThatCannotRunIsRefusedNamingTheSetting() throws Exception {
        String pid = "org.cabinetgw.sim.power";
        Configuration sim = cm.getConfiguration(pid, "?");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int generator = PowerFixture.freePort();
            int ups = PowerFixture.freePort();
            sim.update(PowerFixture.props("mains.port", taken.getLocalPort(), "generator.port", generator,
                    "ups.port", ups));
            assertThat(refusal(pid, "mains.port")).startsWith("configuration refused: mains.port = "
                    + taken.getLocalPort() + ": the power simulator cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(simCommand("status")).startsWith("error: the power simulator is not started: its configuration "
                    + "is refused: mains.port = " + taken.getLocalPort());

            sim.update(PowerFixture.props("mains.port", PowerFixture.freePort(), "generator.port", generator,
                    "ups.port", ups, "generator.start.seconds", 10, "transfer.seconds", 5, "outage.seconds", 12));
            assertThat(refusal(pid, "outage.seconds")).isEqualTo("configuration refused: outage.seconds = 12.0 must be "
                    + "at least generator.start.seconds + transfer.seconds");

            int mains = PowerFixture.freePort();
            sim.update(PowerFixture.props("mains.port", mains, "generator.port", generator, "ups.port", ups));
            Await.until("the refusal withdrawn once corrected", Duration.ofSeconds(10),
                    () -> Refusals.current(context, pid) == null);
            String status = Await.until("the simulator's mains on port " + mains, Duration.ofSeconds(10),
                    () -> simCommand("status"), st -> st.contains("on port " + mains));
            assertThat(status).contains("mains on").contains("on port " + mains);
        } finally {
            sim.delete();
            // the next test configures the simulator again: its deletion must have reached SCR first
            org.cabinetgw.testing.ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        }
    }

    /** The refusal of {@code pid} once it names {@code setting} (the one before may still stand for a moment). */
    private String refusal(String pid, String setting) throws Exception {
        return Await.until("a refusal of " + pid + " naming " + setting, Duration.ofSeconds(10), () -> {
            var h = Refusals.current(context, pid);
            return h == null ? "" : h.reason();
        }, reason -> reason.contains(setting));
    }

    /** The shell command power:sim, as Gogo calls it. */
    private String simCommand(String... words) throws Exception {
        ServiceReference<?>[] refs = Await.nonNull("the power:sim command", Duration.ofSeconds(10),
                () -> context.getServiceReferences((String) null, "(osgi.command.scope=power)"));
        Object service = context.getService(refs[0]);
        try {
            return (String) service.getClass().getMethod("sim", String[].class).invoke(service, (Object) words);
        } finally {
            context.ungetService(refs[0]);
        }
    }

    @Test
    void readingsGoOutThroughAnUplinkOnceOneIsThere() throws Exception {
        try (PowerFixture f = new PowerFixture(context, cm)) {
            f.await("ON_MAINS", 15_000, topic(PowerEvents.STATE_CHANGED, PowerEvents.STATE, "ON_MAINS"));
            List<Message> sent = new CopyOnWriteArrayList<>();
            // the contract's simplest honest implementation: it stores what it is given
            ServiceRegistration<Uplink> uplink = context.registerService(Uplink.class, sent::add, null);
            try {
                Message m = Await.nonNull("telemetry from the mains meter", Duration.ofSeconds(10),
                        () -> sent.stream().filter(x -> x.topic().equals("power/mains")).findFirst().orElse(null));
                assertThat(m.source()).isEqualTo("power.meter.mains");
                assertThat(((Number) m.metrics().get("voltage")).doubleValue()).isBetween(225.0, 235.0);
                assertThat(((Number) m.metrics().get("frequency")).doubleValue()).isBetween(49.9, 50.1);
                f.sim("scenario", "outage", "0.5", "3", "0.2", "0.5");
                Await.until("a power/transfer message", Duration.ofSeconds(15),
                        () -> sent.stream().anyMatch(x -> x.topic().equals("power/transfer")));
                assertThat(sent).anyMatch(x -> x.topic().equals("power/state") && "ON_UPS_BATTERY".equals(x.metrics().get("state")));
                assertThat(sent).anyMatch(x -> x.topic().equals("power/transfer"));
            } finally {
                uplink.unregister();
            }
            // without an uplink the meters carry on
            int before = f.events.size();
            f.sim("scenario", "silent", "mains", "3");
            f.await("mains stale", 10_000, e -> f.events.indexOf(e) >= before
                    && topic(PowerEvents.METER_STALE, PowerEvents.METER, "mains", PowerEvents.STALE, true).test(e));
        }
    }

    @Test
    void theSimulatorIsControlledOverHttp() throws Exception {
        try (PowerFixture f = new PowerFixture(context, cm)) {
            String url = baseUrl() + "sim/power";
            String[] status = http("GET", url, null);
            assertThat(status[0]).isEqualTo("200");
            assertThat(status[1]).contains("mains on").contains("on port " + f.mainsPort);
            assertThat(http("POST", url, "cmd=mains+off", null)[0]).as("a POST without the administrator").isEqualTo("401");
            String[] off = http("POST", url, "cmd=mains+off");
            assertThat(off[0]).isEqualTo("200");
            assertThat(off[1]).startsWith("ok: mains off");
            f.await("mains LOST", 10_000, topic(PowerEvents.SOURCE_CHANGED, PowerEvents.ROLE, "MAINS", PowerEvents.STATE, "LOST"));
            String[] bad = http("POST", url, "cmd=mains+sideways");
            assertThat(bad[0]).isEqualTo("400");
            assertThat(bad[1]).contains("error: expected on or off, not 'sideways'");
            char[] longBody = new char[300];
            Arrays.fill(longBody, 'x');
            String[] tooLong = http("POST", url, new String(longBody));
            assertThat(tooLong[0]).isEqualTo("400");
            assertThat(http("POST", url, "cmd=mains+on")[0]).isEqualTo("200");
        }
    }

    private String baseUrl() throws InterruptedException {
        ServiceReference<HttpServiceRuntime> ref = Await.nonNull("the HTTP service runtime", Duration.ofSeconds(10),
                () -> context.getServiceReference(HttpServiceRuntime.class));
        Object endpoint = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String url = endpoint instanceof String[] a ? a[0] : String.valueOf(endpoint);
        return url.endsWith("/") ? url : url + "/";
    }

    /** Status and body; retries 404 while the whiteboard picks the servlet up. */
    /** As the administrator of test.bndrun (whose password hash it sets). */
    private static String[] http(String method, String url, String form) throws Exception {
        return http(method, url, form, "admin:sim-power-test");
    }

    private static String[] http(String method, String url, String form, String credentials) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            c.setRequestMethod(method);
            c.setRequestProperty("Connection", "close");
            if (credentials != null) {
                c.setRequestProperty("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            if (form != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", form.startsWith("cmd=") ? "application/x-www-form-urlencoded" : "text/plain");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(form.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            c.disconnect();
            if (status != 404 || System.currentTimeMillis() > deadline) {
                return new String[] {Integer.toString(status), body};
            }
            Thread.sleep(100);
        }
    }
}

package org.cabinetgw.uplink.internal.kura;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.mqtt.CloudDialect.Publication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KuraDialectTest {

    @TempDir
    Path root;

    static KuraDialect dialect(boolean gzip, MachineFacts machine) {
        KuraSettings s = KuraSettings.validate("KURA", "ACME", "cabinetgw", gzip, "02:42:AC:11:00:02");
        return new KuraDialect(s, new KuraBirthCertificate(
                new KuraBirthCertificate.Framework("cabinet-7", "0.1.0", "org.apache.felix.framework", "7.0.5"),
                machine, true));
    }

    /** The BIRTH metrics Kura sends that we always know: each present and a STRING. */
    static final List<String> ALWAYS = List.of("uptime", "display_name", "model_name", "model_id", "os",
            "os_version", "os_arch", "jvm_name", "jvm_version", "jvm_vendor", "jvm_profile", "kura_version",
            "application_framework", "application_framework_version", "osgi_framework", "osgi_framework_version",
            "available_processors", "total_memory", "accept_encoding", "payload_encoding", "application_ids",
            "connection_ip", "connection_interface");

    @Test
    void birthCarriesKurasMetricsAsStringsFromWhatTheMachineSays() throws Exception {
        Files.createDirectories(root.resolve("sys/class/dmi/id"));
        Files.writeString(root.resolve("sys/class/dmi/id/product_name"), "APU2\n");
        Files.writeString(root.resolve("sys/class/dmi/id/product_serial"), "SN-123\n");
        Files.writeString(root.resolve("sys/class/dmi/id/bios_version"), "v4.19\n");
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nmodel name\t: AMD GX-412TC SOC\n");
        KuraDialect d = dialect(false, MachineFacts.read(root));
        List<Publication> births = d.births(InetAddress.getLoopbackAddress());
        assertEquals(1, births.size());
        Publication birth = births.get(0);
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/BIRTH", birth.topic());
        assertEquals(1, birth.qos());
        assertFalse(birth.retained());
        KuraPayload p = KuraPayloadCodec.decode(birth.payload());
        for (String name : ALWAYS) {
            assertEquals(KuraMetricType.STRING, p.typeOf(name), name);
        }
        assertEquals("APU2", p.metric("model_name"));
        assertEquals("SN-123", p.metric("serial_number"));
        assertEquals("v4.19", p.metric("bios_version"));
        assertEquals("AMD GX-412TC SOC", p.metric("cpu_version"));
        assertEquals("127.0.0.1", p.metric("connection_ip"));
        assertEquals("lo", p.metric("connection_interface"));
        assertEquals("gzip", p.metric("accept_encoding"));
        assertEquals("KURA_PROTOBUF", p.metric("payload_encoding"));
        assertEquals("", p.metric("application_ids"));
        assertEquals("cabinet-7", p.metric("display_name"));
        assertFalse(p.metrics().containsKey("modem_imei"), "not known: left out, not invented");
        assertNotNull(p.timestamp());
    }

    @Test
    void withoutDmiTheMachineMetricsAreLeftOut() throws Exception {
        KuraPayload p = KuraPayloadCodec.decode(dialect(false, MachineFacts.read(root)).births(null).get(0).payload());
        assertEquals("Cabinet Gateway", p.metric("model_name"));
        assertFalse(p.metrics().containsKey("serial_number"));
        assertFalse(p.metrics().containsKey("connection_ip"));
    }

    @Test
    void willAndGoodbyeGoToLwtAndDc() throws Exception {
        KuraDialect d = dialect(false, MachineFacts.read(root));
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/LWT", d.will().topic());
        Publication dc = d.goodbye();
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/DC", dc.topic());
        KuraPayload p = KuraPayloadCodec.decode(dc.payload());
        assertEquals(KuraMetricType.STRING, p.typeOf("uptime"));
        assertEquals("cabinet-7", p.metric("display_name"));
    }

    @Test
    void appsIsPublishedOnlyWhenTheSetChangesAndTheBirthCarriesIt() throws Exception {
        KuraDialect d = dialect(false, MachineFacts.read(root));
        Publication apps = d.applicationsChanged(Set.of("DEPLOY-V2", "CONF-V1"), null);
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/APPS", apps.topic());
        assertEquals("CONF-V1,DEPLOY-V2", KuraPayloadCodec.decode(apps.payload()).metric("application_ids"));
        assertNull(d.applicationsChanged(Set.of("CONF-V1", "DEPLOY-V2"), null), "same set: nothing to say");
        assertEquals("CONF-V1,DEPLOY-V2",
                KuraPayloadCodec.decode(d.births(null).get(0).payload()).metric("application_ids"));
    }

    /** An application registered while the BIRTH was on its way (its APPS not sent: not connected yet). */
    @Test
    void anApplicationRegisteredDuringTheBirthIsAnnouncedRightAfterIt() throws Exception {
        KuraDialect d = dialect(false, MachineFacts.read(root));
        d.applicationsChanged(Set.of("CONF-V1"), null);
        assertEquals("CONF-V1", KuraPayloadCodec.decode(d.births(null).get(0).payload()).metric("application_ids"));
        d.applicationsChanged(Set.of("CONF-V1", "DEPLOY-V2"), null); // its APPS found no session
        Publication late = d.afterBirths(null);
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/APPS", late.topic());
        assertEquals("CONF-V1,DEPLOY-V2", KuraPayloadCodec.decode(late.payload()).metric("application_ids"));
        assertNull(d.afterBirths(null), "said once");
        d.births(null);
        assertNull(d.afterBirths(null), "the next BIRTH carried everything");
    }

    @Test
    void largePayloadsAreGzippedWhenAllowedSmallOnesNot() throws Exception {
        Map<String, Object> metrics = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            metrics.put("voltage.l" + i, 230.0 + i);
        }
        Message big = new Message(Message.newId(), "s", "power/mains", Priority.TELEMETRY, java.time.Instant.now(),
                metrics, "");
        Message small = Message.of("s", "t", Priority.TELEMETRY, Map.of("a", 1));
        assertTrue(KuraPayloadCodec.isGzip(dialect(true, MachineFacts.read(root))
                .payloadFor(KuraTelemetryTest.queued(big))));
        assertFalse(KuraPayloadCodec.isGzip(dialect(true, MachineFacts.read(root))
                .payloadFor(KuraTelemetryTest.queued(small))));
        assertFalse(KuraPayloadCodec.isGzip(dialect(false, MachineFacts.read(root))
                .payloadFor(KuraTelemetryTest.queued(big))));
        assertEquals("ACME/02:42:AC:11:00:02/cabinetgw/power/mains",
                dialect(true, MachineFacts.read(root)).topicFor(KuraTelemetryTest.queued(big)));
    }
}

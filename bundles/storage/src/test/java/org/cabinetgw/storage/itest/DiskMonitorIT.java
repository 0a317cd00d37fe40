package org.cabinetgw.storage.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.DiskSnapshot;
import org.cabinetgw.storage.DiskStatus;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The disk monitor with the real smartctl; the test machine has no disk smartctl can read, so it sees the error path. */
class DiskMonitorIT {

    static final String PID = "org.cabinetgw.storage.disk";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    Configuration configuration;

    @AfterEach
    void removeConfiguration() throws Exception {
        if (configuration != null) {
            configuration.delete();
        }
    }

    private void configure(String name, String device, String smartctl) throws Exception {
        configuration = configurationAdmin.getFactoryConfiguration(PID, name, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", name);
        p.put("device", device);
        p.put("smartctl.path", smartctl);
        p.put("poll.seconds", 10);
        configuration.update(p);
    }

    @Test
    void aDeviceSmartctlCannotOpenIsDownWithSmartctlsOwnMessage() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/smartctl")),
                "smartctl is not installed (apt-get install smartmontools)");
        try (Harness h = new Harness(context, "org/cabinetgw/storage/*")) {
            configure("missing", "/dev/cabinetgw-no-such-disk", "/usr/sbin/smartctl");
            Health down = h.awaitHealth("storage.disk.missing", x -> x.state() == HealthState.DOWN, 15_000);
            assertThat(down.reason()).startsWith("cannot read SMART of /dev/cabinetgw-no-such-disk: smartctl could not read")
                    .contains("exit status ");
        }
    }

    /**
     * smartctl's JSON for a drive with a few reallocated sectors, printed by a stand-in for smartctl (no disk here that
     * smartctl could read); the model is hostile text a drive's firmware could report.
     */
    @Test
    void theDiskStatusServiceGivesTheLastSmartReadThenGoesWithItsConfiguration() throws Exception {
        Path dir = Files.createTempDirectory("disk-it");
        Path json = Files.writeString(dir.resolve("smart.json"), """
                {"json_format_version": [1, 0], "smartctl": {"version": [7, 3], "exit_status": 0},
                 "device": {"name": "/dev/sdq", "protocol": "ATA"}, "model_name": "<img src=x onerror=alert(1)>",
                 "serial_number": "S3Z1", "smart_status": {"passed": true}, "temperature": {"current": 43},
                 "ata_smart_attributes": {"table": [
                   {"id": 5, "value": 100, "raw": {"value": 14, "string": "14"}},
                   {"id": 197, "value": 100, "raw": {"value": 0, "string": "0"}}]}}
                """);
        Path smartctl = dir.resolve("smartctl");
        Files.writeString(smartctl, "#!/bin/sh\ncat '" + json + "'\n");
        smartctl.toFile().setExecutable(true);
        try (Harness h = new Harness(context, "org/cabinetgw/storage/*")) {
            configure("sys", "/dev/sdq", smartctl.toString());
            Health degraded = h.awaitHealth("storage.disk.sys", x -> x.state() == HealthState.DEGRADED
                    && x.reason().contains("reallocated"), 15_000);
            DiskSnapshot s = Await.until("the disk read in its DiskStatus service", Duration.ofSeconds(10),
                    () -> disk("sys"), d -> d != null && d.checked() != null);
            assertThat(s.device()).isEqualTo("/dev/sdq");
            assertThat(s.state()).isEqualTo(HealthState.DEGRADED);
            assertThat(s.reason()).isEqualTo(degraded.reason());
            assertThat(s.smartPassed()).isTrue();
            assertThat(s.temperatureCelsius()).isEqualTo(43);
            assertThat(s.reallocatedSectors()).isEqualTo(14L);
            assertThat(s.pendingSectors()).isEqualTo(0L);
            assertThat(s.model()).isEqualTo("<img src=x onerror=alert(1)>");
            assertThat(s.serial()).isEqualTo("S3Z1");
            assertThat(s.error()).isEmpty();

            configuration.delete();
            configuration = null;
            Await.until("the DiskStatus service gone with its configuration", Duration.ofSeconds(10),
                    () -> disk("sys") == null);
        }
    }

    /** The DiskStatus service of that name, read now; null when there is none. */
    private DiskSnapshot disk(String name) throws Exception {
        var refs = context.getServiceReferences(DiskStatus.class, "(" + DiskStatus.NAME + "=" + name + ")");
        if (refs.isEmpty()) {
            return null;
        }
        var ref = refs.iterator().next();
        try {
            DiskStatus status = context.getService(ref);
            return status == null ? null : status.snapshot();
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    void aMissingSmartctlIsDownAndSaysSo() throws Exception {
        try (Harness h = new Harness(context, "org/cabinetgw/storage/*")) {
            configure("nosmart", "/dev/sda", "/opt/nowhere/smartctl");
            Health down = h.awaitHealth("storage.disk.nosmart", x -> x.state() == HealthState.DOWN, 15_000);
            assertThat(down.reason()).isEqualTo(
                    "cannot read SMART of /dev/sda: /opt/nowhere/smartctl is not an executable file");
        }
    }
}

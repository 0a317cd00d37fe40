package org.cabinetgw.storage.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
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

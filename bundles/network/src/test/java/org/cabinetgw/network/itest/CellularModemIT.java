package org.cabinetgw.network.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.network.CellularModem;
import org.cabinetgw.network.ModemIdentity;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A cellular link configured through ConfigurationAdmin offers its modem's identity as a {@link CellularModem}
 * service once its component is active, read by the real watcher from a script standing in for mmcli (ModemManager
 * with a modem cannot run in a test), and withdraws it when the configuration is deleted.
 */
class CellularModemIT {

    private static final String MODEM = """
            modem.dbus-path                         : /org/freedesktop/ModemManager1/Modem/0
            modem.generic.revision                  : EC25EFAR06A06M4G
            modem.generic.equipment-identifier      : 866758041234567
            modem.generic.state                     : registered
            modem.generic.signal-quality.value      : 100
            modem.generic.sim                       : /org/freedesktop/ModemManager1/SIM/0
            modem.3gpp.imei                         : 866758041234567
            """;
    private static final String SIM = """
            sim.dbus-path                           : /org/freedesktop/ModemManager1/SIM/0
            sim.properties.imsi                     : 262011234567890
            sim.properties.iccid                    : 89490200001234567890
            """;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private Configuration cellular;

    @AfterEach
    void tearDown() throws Exception {
        if (cellular != null) {
            cellular.delete();
            ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        }
    }

    @Test
    void aCellularLinkOffersItsModemsIdentity() throws Exception {
        Path dir = Files.createTempDirectory("cellular-modem-it");
        Files.writeString(dir.resolve("modem.txt"), MODEM);
        Files.writeString(dir.resolve("sim.txt"), SIM);
        Path mmcli = Files.writeString(dir.resolve("mmcli"), "#!/bin/sh\ncase \"$1\" in -m) cat '" + dir.resolve("modem.txt")
                + "';; -i) cat '" + dir.resolve("sim.txt") + "';; esac\n");
        Files.setPosixFilePermissions(mmcli, PosixFilePermissions.fromString("rwx------"));

        cellular = configurationAdmin.getFactoryConfiguration("org.cabinetgw.network.cellular", "it", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("link", "lte-it");
        p.put("mmcli.command", mmcli.toString());
        p.put("poll.seconds", 1);
        cellular.update(p);

        ModemIdentity identity = Await.until("the modem's identity offered", Duration.ofSeconds(30), () -> {
            var refs = context.getServiceReferences(CellularModem.class, "(" + CellularModem.LINK + "=lte-it)");
            if (refs.isEmpty()) {
                return null;
            }
            ServiceReference<CellularModem> ref = refs.iterator().next();
            try {
                return context.getService(ref).identity().orElse(null);
            } finally {
                context.ungetService(ref);
            }
        }, i -> i != null);
        assertThat(identity).isEqualTo(new ModemIdentity("lte-it", "866758041234567", "89490200001234567890",
                "262011234567890", -51, "EC25EFAR06A06M4G"));

        cellular.delete();
        cellular = null;
        Await.until("the service withdrawn with its configuration", Duration.ofSeconds(30),
                () -> context.getServiceReferences(CellularModem.class, "(" + CellularModem.LINK + "=lte-it)").isEmpty());
    }
}

package org.cabinetgw.uplink.internal.kura;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KuraTopicsTest {

    @Test
    void dataAndLifecycleTopics() {
        KuraTopics t = new KuraTopics("ACME", "02:42:AC:11:00:02", "cabinetgw");
        assertEquals("ACME/02:42:AC:11:00:02/cabinetgw/power/mains", t.data("power/mains"));
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/BIRTH", t.birth());
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/DC", t.disconnect());
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/LWT", t.will());
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/MQTT/APPS", t.apps());
    }

    @Test
    void theClientIdIsTheMacAsKuraWritesItOrTheHostNameMadeSafe() {
        assertEquals("02:42:AC:11:00:02", KuraTopics.clientIdOf("cabinetgw-0242ac110002"));
        assertEquals("cabinet-7-site-example", KuraTopics.clientIdOf("cabinet-7.site.example"));
        assertEquals("a-b-c-d", KuraTopics.clientIdOf("a/b+c#d"));
        assertNull(KuraTopics.clientIdOf(" "));
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertEquals("kura.account.name is empty: Kura's cloud protocol (cloud.protocol = KURA) needs it",
                assertThrows(IllegalArgumentException.class, () -> new KuraTopics("", "gw", "app")).getMessage());
        assertEquals("kura.account.name = AC/ME must be 1-64 characters of A-Z a-z 0-9 . _ : @ - (one MQTT topic level)",
                assertThrows(IllegalArgumentException.class, () -> new KuraTopics("AC/ME", "gw", "app")).getMessage());
        for (String bad : new String[] {"#", "+", "a b", "x".repeat(65), "$SYS"}) {
            assertThrows(IllegalArgumentException.class, () -> new KuraTopics(bad, "gw", "app"), bad);
            assertThrows(IllegalArgumentException.class, () -> new KuraTopics("ACME", "gw", bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new KuraTopics("ACME", "gw.1", "app"));
        assertEquals("cloud.protocol = MQTT must be JSON or KURA", assertThrows(IllegalArgumentException.class,
                () -> KuraSettings.validate("MQTT", "ACME", "app", true, "gw")).getMessage());
        assertNull(KuraSettings.validate("JSON", "", "", true, "gw"));
        assertEquals("ACME", KuraSettings.validate("kura", " ACME ", "cabinetgw", true, "gw").topics().account());
    }
}

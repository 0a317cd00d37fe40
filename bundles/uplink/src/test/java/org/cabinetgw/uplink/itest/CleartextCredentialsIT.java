package org.cabinetgw.uplink.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A broker password over tcp:// configured through ConfigurationAdmin, as the web console or a site file
 * does: refused by the MQTT transport, naming the settings; allowed, it runs and /health says it.
 */
class CleartextCredentialsIT {

    private static final String MQTT_PID = "org.cabinetgw.uplink.mqtt";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 5000)
    ServiceComponentRuntime scr;

    @AfterEach
    void tearDown() throws Exception {
        configurationAdmin.getConfiguration(MQTT_PID, "?").delete();
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
    }

    @Test
    void aPasswordInClearIsRefusedUnlessAllowedAndThenShownInHealth() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens: the transport only has to start
        }
        Map<String, Object> settings = Map.of("server.uri", "tcp://127.0.0.1:" + closed, "username", "gw",
                "password", "it-secret", "client.id", "cleartext-it");
        configure(settings);
        String failure = awaitRefusal();
        assertThat(failure).startsWith("configuration refused: ")
                .contains("password would be sent in clear over server.uri = tcp://127.0.0.1:" + closed)
                .contains("allow.cleartext.credentials").doesNotContain("it-secret");
        assertThat(credentialsHealth()).isNull();
        assertThat(mqttStates()).as("refused without throwing: the component is active and has started nothing")
                .containsOnly(ComponentConfigurationDTO.ACTIVE);

        Map<String, Object> allowed = new java.util.HashMap<>(settings);
        allowed.put("allow.cleartext.credentials", true);
        configure(allowed);
        long end = System.currentTimeMillis() + 20_000;
        Health h = credentialsHealth();
        while (h == null && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            h = credentialsHealth();
        }
        assertThat(h).as("uplink.mqtt.credentials in health").isNotNull();
        assertThat(h.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(h.reason()).contains("password is sent in clear").doesNotContain("it-secret");
        assertThat(health("config:" + MQTT_PID)).as("the refusal withdrawn once the value is accepted").isNull();
    }

    private void configure(Map<String, Object> values) throws Exception {
        Configuration c = configurationAdmin.getConfiguration(MQTT_PID, "?");
        Dictionary<String, Object> d = new Hashtable<>(values);
        c.update(d);
    }

    /** The MQTT transport's refusal (its entry config:<pid>), waited for: its reason. */
    private String awaitRefusal() throws Exception {
        Health h = Await.nonNull("the MQTT transport refusing its configuration", Duration.ofSeconds(20),
                () -> health("config:" + MQTT_PID));
        assertThat(h.state()).isEqualTo(HealthState.DOWN);
        return h.reason();
    }

    /** The states of the MQTT transport component's configurations. */
    private java.util.List<Integer> mqttStates() {
        java.util.List<Integer> states = new java.util.ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (MQTT_PID.equals(d.name)) {
                scr.getComponentConfigurationDTOs(d).forEach(c -> states.add(c.state));
            }
        }
        return states;
    }

    private Health credentialsHealth() throws Exception {
        return health("uplink.mqtt.credentials");
    }

    private Health health(String component) throws Exception {
        Collection<ServiceReference<HealthContributor>> refs = context.getServiceReferences(HealthContributor.class,
                "(" + HealthContributor.COMPONENT + "=" + component + ")");
        if (refs.isEmpty()) {
            return null;
        }
        HealthContributor c = context.getService(refs.iterator().next());
        try {
            return c == null ? null : c.health();
        } finally {
            context.ungetService(refs.iterator().next());
        }
    }
}

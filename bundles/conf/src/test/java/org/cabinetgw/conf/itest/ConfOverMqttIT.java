package org.cabinetgw.conf.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.CloudOverMqtt;
import org.cabinetgw.testing.KapuaOverMqtt;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.testing.Protoc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.w3c.dom.Document;

/**
 * CONF-V1 the whole way, as Kapua drives it: a real Mosquitto, the uplink's MQTT transport in Kura's protocol as the
 * command channel, and a fake Kapua whose every payload is encoded and decoded by Debian's {@code protoc} (none of
 * our code on the cloud's side). The BIRTH (or APPS) names CONF-V1; a configuration read answers an INT32 200 with
 * Kura's XML; a wrong value an INT32 400 naming the PID and the key; a change reaches the component.
 */
class ConfOverMqttIT {

    private static final String ACCOUNT = "ACME";
    private static final String GATEWAY = "gw-conf-itest";
    private static final String CLOUD = "kapua-itest";
    private static final String EDC = "$EDC/" + ACCOUNT + "/" + GATEWAY;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 10_000)
    Thermostat thermostat;

    private CloudOverMqtt cloud;
    private Protoc protoc;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "Mosquitto is not installed: apt-get install -y mosquitto");
        Assumptions.assumeTrue(Protoc.installed(), "protoc is not installed: apt-get install -y protobuf-compiler");
        KapuaOverMqtt kapua = KapuaOverMqtt.start(context, configurationAdmin, "conf-mqtt-it", ACCOUNT, GATEWAY, CLOUD,
                "$EDC/" + ACCOUNT + "/" + CLOUD + "/CONF-V1/REPLY/#", EDC + "/MQTT/#");
        cloud = kapua.cloud();
        protoc = kapua.protoc();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
        thermostat.deleteConfiguration(configurationAdmin);
    }

    @Test
    void kapuaReadsRefusedAndChangesAConfigurationOverMqtt() throws Exception {
        // the BIRTH names the applications; CONF-V1 may register after it, then APPS says it
        String lifecycle = Await.until("a BIRTH or APPS naming CONF-V1", java.time.Duration.ofSeconds(60), () -> {
            byte[] apps = cloud.last(EDC + "/MQTT/APPS") != null ? cloud.last(EDC + "/MQTT/APPS")
                    : cloud.last(EDC + "/MQTT/BIRTH");
            return apps == null ? "" : protoc.decode(apps);
        }, text -> text.contains("CONF-V1"));
        assertThat(lifecycle).contains("name: \"application_ids\"");

        // the channel subscribes in the background: ask until it answers
        String reply = Await.until("a REPLY to GET configurations/<pid>", java.time.Duration.ofSeconds(60),
                () -> request("GET/configurations/" + Thermostat.PID, "-1", null), r -> r != null);
        assertThat(reply).contains("name: \"response.code\"\n  type: INT32\n  int_value: 200");
        Document d = ConfCloudIT.xml(Protoc.body(reply));
        assertThat(ConfCloudIT.value(d, Thermostat.PID, "setpoint.celsius")).isEqualTo("21");
        assertThat(ConfCloudIT.attr(d, Thermostat.PID, "setpoint.celsius", "type")).isEqualTo("Integer");

        String refused = Await.until("a REPLY to a wrong PUT", java.time.Duration.ofSeconds(30),
                () -> request("PUT/configurations/" + Thermostat.PID, "-2", ConfCloudIT.document(Thermostat.PID,
                        ConfCloudIT.property("setpoint.celsius", "Integer", "61"))), r -> r != null);
        assertThat(refused).contains("name: \"response.code\"\n  type: INT32\n  int_value: 400")
                .contains("name: \"response.exception.message\"").contains(Thermostat.PID + ": setpoint.celsius = 61");

        String changed = Await.until("a REPLY to a PUT", java.time.Duration.ofSeconds(30),
                () -> request("PUT/configurations", "-3", ConfCloudIT.document(Thermostat.PID,
                        ConfCloudIT.property("setpoint.celsius", "Integer", "24") + ConfCloudIT.property("label", "String",
                                "caf\u00e9 <&>"))), r -> r != null);
        assertThat(changed).contains("int_value: 200");
        Await.until("the component received the change", java.time.Duration.ofSeconds(30),
                () -> "caf\u00e9 <&>".equals(thermostat.properties().get("label")));
        assertThat(thermostat.properties()).containsEntry("setpoint.celsius", 24);
    }

    /** Sends one request as Kapua does (typed metrics, the XML in the body) and waits a little for its reply. */
    private String request(String methodAndResource, String requestId, String body) throws Exception {
        String text = "timestamp: 1780000000000\n"
                + "metric { name: \"request.id\" type: STRING string_value: \"" + requestId + "\" }\n"
                + "metric { name: \"requester.client.id\" type: STRING string_value: \"" + CLOUD + "\" }\n"
                + (body == null ? "" : "body: " + Protoc.quoted(body.getBytes(StandardCharsets.UTF_8)) + "\n");
        byte[] reply = cloud.request(EDC + "/CONF-V1/" + methodAndResource, protoc.encode(text),
                "$EDC/" + ACCOUNT + "/" + CLOUD + "/CONF-V1/REPLY/" + requestId, java.time.Duration.ofSeconds(3));
        return reply == null ? null : protoc.decode(reply);
    }
}

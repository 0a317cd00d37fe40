package org.cabinetgw.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A fake Kapua for a command-channel test in the framework: {@link CloudOverMqtt} with the uplink speaking Kura's
 * protocol for one account and gateway, and {@link Protoc} with the uplink's {@code kurapayload.proto} (the framework
 * property {@code cabinetgw.test.kura.schema}) to encode the cloud's requests and decode what the gateway sends, both
 * working in one new temporary directory. The one set-up of conf's {@code ConfOverMqttIT} and deploy's
 * {@code KuraDeployOverMqttIT}. Needs Mosquitto and protoc: a test checks {@link LocalMosquitto#installed()} and
 * {@link Protoc#installed()} first. {@link #close()} closes the cloud (see {@link CloudOverMqtt#close()}).
 */
public record KapuaOverMqtt(CloudOverMqtt cloud, Protoc protoc) implements AutoCloseable {

    /** The framework property naming the uplink's {@code kurapayload.proto}, set by each module's test.bndrun. */
    public static final String SCHEMA_PROPERTY = "cabinetgw.test.kura.schema";

    /**
     * Started in a new temporary directory named after {@code dirPrefix}: the broker, the cloud connected as
     * {@code cloudClientId} and subscribed to {@code subscriptions}, the uplink in Kura's protocol for
     * {@code account} and {@code gateway}.
     */
    public static KapuaOverMqtt start(BundleContext context, ConfigurationAdmin configurationAdmin, String dirPrefix,
            String account, String gateway, String cloudClientId, String... subscriptions) throws Exception {
        Path dir = Files.createTempDirectory(dirPrefix);
        Protoc protoc = new Protoc(Path.of(context.getProperty(SCHEMA_PROPERTY)), dir);
        CloudOverMqtt cloud = CloudOverMqtt.start(context, configurationAdmin, dir, cloudClientId,
                CloudOverMqtt.kuraMode(account, gateway), subscriptions);
        return new KapuaOverMqtt(cloud, protoc);
    }

    @Override
    public void close() throws Exception {
        cloud.close();
    }
}

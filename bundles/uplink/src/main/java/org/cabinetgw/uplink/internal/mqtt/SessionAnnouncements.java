package org.cabinetgw.uplink.internal.mqtt;

import java.net.InetAddress;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle messages a session says besides telemetry, in the {@link CloudDialect}'s words: the births after
 * every connect (said once more after a route change), a message outside connect and stop, and the goodbye.
 */
final class SessionAnnouncements {

    private static final Logger LOG = LoggerFactory.getLogger(SessionAnnouncements.class);

    private final MqttAsyncClient client;
    private final CloudDialect dialect;
    private volatile List<CloudDialect.Publication> lastBirths = List.of();

    SessionAnnouncements(MqttAsyncClient client, CloudDialect dialect) {
        this.client = client;
        this.dialect = dialect;
    }

    /** Sends one birth; false when the attempt it belongs to is abandoned (the route moved meanwhile). */
    interface BirthSender {
        boolean send(CloudDialect.Publication birth) throws MqttException, InterruptedException;
    }

    /** After a connect: the births, each handed to {@code sender}; false as soon as one was not sent. */
    boolean sayBirths(InetAddress localAddress, BirthSender sender) throws MqttException, InterruptedException {
        List<CloudDialect.Publication> births = dialect.births(localAddress);
        lastBirths = births;
        for (CloudDialect.Publication birth : births) {
            if (!sender.send(birth)) {
                return false;
            }
        }
        return true;
    }

    /**
     * After a route change the old session's DISCONNECT may never have reached the broker (the old link is
     * dead): the broker then publishes its will (retained {@code offline}) when the new session takes over —
     * measured in namespaces, just after our birth message. So the retained {@code online} is said once more a
     * second later (while {@code stillConnected}), and the status topic ends right.
     */
    void restateBirthsLater(BooleanSupplier stillConnected) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(1000);
                if (stillConnected.getAsBoolean() && client.isConnected()) {
                    for (CloudDialect.Publication birth : lastBirths) {
                        client.publish(birth.topic(), birth.payload(), birth.qos(), birth.retained()); // the same, again
                    }
                }
            } catch (InterruptedException | MqttException e) {
                LOG.debug("MQTT online status not restated: {}", e.toString());
            }
        }, "cabinetgw-uplink-mqtt-restate");
        t.setDaemon(true);
        t.start();
    }

    /** Sends {@code p} now, without waiting; false when Paho refuses it. */
    boolean publishNow(CloudDialect.Publication p) {
        try {
            client.publish(p.topic(), p.payload(), p.qos(), p.retained());
            return true;
        } catch (MqttException e) {
            LOG.debug("MQTT {} not sent: {}", p.topic(), MqttErrors.describe(e));
            return false;
        }
    }

    /** Says goodbye properly: retained {@code offline} (the will is only for unplanned loss), then disconnects. */
    void sayGoodbye() {
        if (client.isConnected()) {
            try {
                CloudDialect.Publication goodbye = dialect.goodbye();
                client.publish(goodbye.topic(), goodbye.payload(), goodbye.qos(), goodbye.retained())
                        .waitForCompletion(2000);
            } catch (MqttException e) {
                LOG.debug("MQTT offline status not sent: {}", MqttErrors.describe(e));
            }
            try {
                client.disconnect(2000).waitForCompletion(3000);
            } catch (MqttException e) {
                try {
                    client.disconnectForcibly(0, 1000);
                } catch (MqttException ignored) {
                    // closing anyway
                }
            }
        }
    }
}

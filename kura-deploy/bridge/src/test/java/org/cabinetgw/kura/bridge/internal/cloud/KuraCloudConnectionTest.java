package org.cabinetgw.kura.bridge.internal.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.kura.bridge.internal.cloud.PendingConfirmationsTest.Recorded;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.HostedCloudMessage;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's side of Kura's cloud publisher, against a fake publisher written to the declared interface. */
class KuraCloudConnectionTest {

    /** Records, returns ids "1", "2"...; can throw, return null (QoS 0), confirm and change the connection. */
    static final class FakePublisher implements CloudPublisher {
        final List<KuraMessage> published = new CopyOnWriteArrayList<>();
        final List<CloudDeliveryListener> deliveries = new CopyOnWriteArrayList<>();
        final List<CloudConnectionListener> connections = new CopyOnWriteArrayList<>();
        final AtomicInteger ids = new AtomicInteger();
        volatile Exception throwing;
        volatile boolean qos0;

        @Override
        public String publish(KuraMessage message) throws KuraException {
            Exception e = throwing;
            if (e instanceof KuraException k) {
                throw k;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            published.add(message);
            return qos0 ? null : String.valueOf(ids.incrementAndGet());
        }

        void confirm(String id) {
            deliveries.forEach(l -> l.onMessageConfirmed(id));
        }

        @Override
        public void registerCloudConnectionListener(CloudConnectionListener l) {
            connections.add(l);
        }

        @Override
        public void unregisterCloudConnectionListener(CloudConnectionListener l) {
            connections.remove(l);
        }

        @Override
        public void registerCloudDeliveryListener(CloudDeliveryListener l) {
            deliveries.add(l);
        }

        @Override
        public void unregisterCloudDeliveryListener(CloudDeliveryListener l) {
            deliveries.remove(l);
        }
    }

    private final KuraCloudConnection connection = new KuraCloudConnection();
    private final FakePublisher kura = new FakePublisher();
    private final AtomicInteger stateChanges = new AtomicInteger();

    @BeforeEach
    void setUp() {
        connection.settings(10, "(kura.service.pid=cabinetgw)");
        connection.setStateListener(stateChanges::incrementAndGet);
    }

    private static HostedCloudMessage message(String id) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("voltage", 230.0);
        metrics.put("count", 7L);
        metrics.put("phase", 2);
        metrics.put("ok", true);
        metrics.put("message.id", id);
        return new HostedCloudMessage(id, Priority.EVENT, "power/mains", 1_700_000_000_000L, metrics,
                "text".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAPublisherNothingIsConnectedAndASendFailsNamingTheFilter() {
        Recorded r = new Recorded();
        connection.send(message("a"), r);
        assertThat(connection.connected()).isFalse();
        assertThat(r.calls).singleElement().asString().contains("(kura.service.pid=cabinetgw)");
        assertThat(connection.describeState()).contains("waiting for Kura's cloud publisher");
    }

    @Test
    void aMessageGoesAsKurasTypedPayloadAndIsDeliveredOnlyWhenKuraConfirmsItsId() {
        connection.setPublisher(kura);
        assertThat(connection.connected()).isTrue();
        Recorded r = new Recorded();
        connection.send(message("a"), r);
        assertThat(r.calls).isEmpty();
        KuraMessage sent = kura.published.get(0);
        assertThat(sent.getProperties()).containsEntry("topic", "power/mains").containsEntry("message.id", "a");
        assertThat(sent.getPayload().getMetric("voltage")).isInstanceOf(Double.class).isEqualTo(230.0);
        assertThat(sent.getPayload().getMetric("count")).isInstanceOf(Long.class);
        assertThat(sent.getPayload().getMetric("phase")).isInstanceOf(Integer.class);
        assertThat(sent.getPayload().getMetric("ok")).isEqualTo(true);
        assertThat(sent.getPayload().getTimestamp().getTime()).isEqualTo(1_700_000_000_000L);
        assertThat(new String(sent.getPayload().getBody(), StandardCharsets.UTF_8)).isEqualTo("text");

        kura.confirm("999"); // another application's message on the same connection
        assertThat(r.calls).isEmpty();
        assertThat(connection.unknownConfirmations()).isEqualTo(1);
        kura.confirm("1");
        assertThat(r.calls).containsExactly("delivered");
    }

    @Test
    void aPublisherThatThrowsFailsThatMessageOnlyAndTheNextGoes() {
        connection.setPublisher(kura);
        kura.throwing = new KuraException(KuraErrorCode.NOT_CONNECTED);
        Recorded refused = new Recorded();
        connection.send(message("a"), refused);
        assertThat(refused.calls).singleElement().asString().startsWith("failed: ").contains("NOT_CONNECTED");
        kura.throwing = new IllegalStateException("broken publisher");
        Recorded broken = new Recorded();
        connection.send(message("b"), broken);
        assertThat(broken.calls).singleElement().asString().contains("broken publisher");
        kura.throwing = null;
        Recorded fine = new Recorded();
        connection.send(message("c"), fine);
        kura.confirm("1");
        assertThat(fine.calls).containsExactly("delivered");
    }

    @Test
    void qos0ConfirmsNothingSoTheMessageLeavesWhenKuraAcceptsIt() {
        connection.setPublisher(kura);
        kura.qos0 = true;
        Recorded r = new Recorded();
        connection.send(message("a"), r);
        assertThat(r.calls).containsExactly("delivered");
    }

    @Test
    void anUnconfirmedMessageIsSentAgainAfterTheTimeoutCountedOnlyWhileKuraIsConnected() {
        connection.setPublisher(kura);
        Recorded r = new Recorded();
        long sent = System.currentTimeMillis();
        connection.send(message("a"), r);
        kura.connections.forEach(CloudConnectionListener::onConnectionLost);
        assertThat(connection.connected()).isFalse();
        connection.expire(sent + 60_000);
        assertThat(r.calls).as("no re-send while Kura holds it through an outage").isEmpty();
        kura.connections.forEach(CloudConnectionListener::onConnectionEstablished);
        assertThat(connection.connected()).isTrue();
        long reconnected = System.currentTimeMillis();
        connection.expire(reconnected + 5_000);
        assertThat(r.calls).isEmpty();
        connection.expire(reconnected + 11_000);
        assertThat(r.calls).singleElement().asString().contains("did not confirm it within 10 s");
        assertThat(stateChanges.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void thePublisherGoingAwayFailsWhatItHadNotConfirmedAndForgetsOurListeners() {
        connection.setPublisher(kura);
        Recorded r = new Recorded();
        connection.send(message("a"), r);
        connection.unsetPublisher(kura);
        assertThat(r.calls).singleElement().asString().contains("went away");
        assertThat(kura.deliveries).isEmpty();
        assertThat(kura.connections).isEmpty();
        assertThat(connection.connected()).isFalse();
        kura.confirm("1"); // a late confirmation reaches no one
        assertThat(r.calls).hasSize(1);
    }

    @Test
    void aTimeoutOutOfRangeIsRefusedAndTheDefaultUsed() {
        assertThat(KuraCloudConnection.timeoutSeconds(0)).isEqualTo(120);
        assertThat(KuraCloudConnection.timeoutSeconds(-5)).isEqualTo(120);
        assertThat(KuraCloudConnection.timeoutSeconds(3601)).isEqualTo(120);
        assertThat(KuraCloudConnection.timeoutSeconds(5)).isEqualTo(5);
    }
}

package org.cabinetgw.uplink.internal.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * The publishes Paho holds without a PUBACK yet. A message leaves our queue only on its PUBACK
 * ({@link DeliveryCallback#delivered}); whatever the session loses is reported failed ({@link #failAll}) and the
 * dispatcher sends it again after the reconnect.
 */
final class InFlightPublishes {

    private record Pending(QueuedMessage message, DeliveryCallback callback) {
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong sends = new AtomicLong();
    private final MqttAsyncClient client;
    private final CloudDialect dialect;
    private final int qos;
    /** Called when a publish is refused because the connection is gone but not reported yet. */
    private final Runnable connectionGone;

    InFlightPublishes(MqttAsyncClient client, CloudDialect dialect, int qos, Runnable connectionGone) {
        this.client = client;
        this.dialect = dialect;
        this.qos = qos;
        this.connectionGone = connectionGone;
    }

    void send(List<QueuedMessage> batch, DeliveryCallback callback) {
        for (int i = 0; i < batch.size(); i++) {
            QueuedMessage m = batch.get(i);
            long key = sends.incrementAndGet();
            pending.put(key, new Pending(m, callback));
            try {
                // encoded here, at publish: the queue keeps our message whatever the dialect
                MqttMessage mqtt = new MqttMessage(dialect.payloadFor(m));
                mqtt.setQos(qos);
                client.publish(dialect.topicFor(m), mqtt, key, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        Pending p = pending.remove(key);
                        if (p != null) {
                            p.callback.delivered(List.of(p.message));
                        }
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        Pending p = pending.remove(key);
                        if (p != null) {
                            p.callback.failed(List.of(p.message), "publish failed: " + MqttErrors.describe(e), null);
                        }
                    }
                });
            } catch (MqttException | RuntimeException e) {
                // not connected, or Paho's window is full: this one and the rest of the batch wait
                List<QueuedMessage> rest = new ArrayList<>();
                for (int j = i; j < batch.size(); j++) {
                    rest.add(batch.get(j));
                }
                pending.remove(key);
                if (!client.isConnected()) {
                    // the connection is gone but not reported yet: let the connector declare it now
                    connectionGone.run();
                }
                callback.failed(rest, "publish refused: " + MqttErrors.describe(e), null);
                return;
            }
        }
    }

    /** Whatever had no PUBACK is reported failed: the dispatcher sends it again after the reconnect. */
    void failAll(String why) {
        for (Long key : new ArrayList<>(pending.keySet())) {
            Pending p = pending.remove(key);
            if (p != null) {
                p.callback.failed(List.of(p.message), why, null);
            }
        }
    }
}

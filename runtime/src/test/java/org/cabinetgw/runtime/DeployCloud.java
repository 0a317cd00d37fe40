package org.cabinetgw.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.cabinetgw.testing.Await;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The cloud's side of DEPLOY-V2 over MQTT (Eclipse Paho, a client of its own): sends requests to
 * {@code <prefix>/<gateway>/DEPLOY-V2/<METHOD>/<resource>} and reads the replies on
 * {@code <prefix>/<cloud>/DEPLOY-V2/REPLY/<request.id>} and the notifications on
 * {@code <prefix>/<gateway>/DEPLOY-V2/NOTIFY/<cloud>/<resource>} (the uplink README's layout). Every
 * message received is kept in arrival order, so a notification that overtakes its request's reply
 * is not missed.
 */
final class DeployCloud implements AutoCloseable {

    final String prefix;
    final String gateway;
    final String id;
    private final MqttClient client;
    private final List<String[]> received = new ArrayList<>();
    private int requests;

    DeployCloud(int port, String prefix, String gateway, String id) throws MqttException {
        this.prefix = prefix;
        this.gateway = gateway;
        this.id = id;
        client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                synchronized (received) {
                    received.add(new String[] { topic, new String(message.getPayload(), StandardCharsets.UTF_8) });
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        client.connect(o);
        client.subscribe(new String[] { prefix + "/" + id + "/DEPLOY-V2/REPLY/#", prefix + "/" + gateway + "/DEPLOY-V2/NOTIFY/#" },
                new int[] { 1, 1 });
    }

    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Where the next message received will be: requests pass it to the waits that follow. */
    int mark() {
        synchronized (received) {
            return received.size();
        }
    }

    void request(String resource, String requestId, String fields) throws MqttException {
        String body = "{\"request.id\":\"" + requestId + "\",\"requester.client.id\":\"" + id + "\""
                + (fields.isBlank() ? "" : "," + fields) + "}";
        publish(prefix + "/" + gateway + "/DEPLOY-V2/" + resource, body);
    }

    /** The first message after {@code mark} on a topic that satisfies the condition. */
    JsonObject await(int mark, String topic, Predicate<JsonObject> condition, long millis) throws InterruptedException {
        return Await.within(Duration.ofMillis(millis), () -> first(mark, topic, condition), Objects::nonNull)
                .orElseThrow(() -> new AssertionError("nothing on " + topic + " within " + millis + " ms"));
    }

    /** The first message received after {@code mark} on a topic that satisfies the condition, or null. */
    private JsonObject first(int mark, String topic, Predicate<JsonObject> condition) {
        List<String[]> copy;
        synchronized (received) {
            copy = new ArrayList<>(received.subList(mark, received.size()));
        }
        for (String[] m : copy) {
            if (m[0].equals(topic)) {
                JsonObject o = JsonParser.parseString(m[1]).getAsJsonObject();
                if (condition.test(o)) {
                    return o;
                }
            }
        }
        return null;
    }

    JsonObject reply(int mark, String requestId) throws InterruptedException {
        return await(mark, prefix + "/" + id + "/DEPLOY-V2/REPLY/" + requestId, o -> true, 15_000);
    }

    /** The notification that ends job {@code jobId}: a failed download, or the end of the install. */
    JsonObject jobEnd(int mark, long jobId, long millis) throws InterruptedException {
        String notify = prefix + "/" + gateway + "/DEPLOY-V2/NOTIFY/" + id + "/";
        Predicate<JsonObject> job = o -> o.has("job.id") && o.get("job.id").getAsLong() == jobId;
        return Await.within(Duration.ofMillis(millis), () -> {
            JsonObject failedDownload = first(mark, notify + "download",
                    job.and(o -> "FAILED".equals(o.get("dp.download.status").getAsString())));
            return failedDownload != null ? failedDownload : first(mark, notify + "install",
                    job.and(o -> !"IN_PROGRESS".equals(o.get("dp.install.status").getAsString())));
        }, Objects::nonNull).orElseThrow(() -> new AssertionError("job " + jobId + " never ended"));
    }

    /** EXEC/download with install; the reply must be 200. Returns the notification that ends the job. */
    JsonObject deploy(String uri, String name, String version, String sha256, long jobId) throws Exception {
        int mark = mark();
        String rid = "d" + jobId;
        request("EXEC/download", rid, """
                "dp.uri": "%s", "dp.name": "%s", "dp.version": "%s", "job.id": %d,
                "dp.download.hash": "SHA256:%s", "dp.install": true""".formatted(uri, name, version, jobId, sha256));
        JsonObject r = reply(mark, rid);
        if (r.get("response.code").getAsInt() != 200) {
            throw new AssertionError("download request answered " + r);
        }
        return jobEnd(mark, jobId, 60_000);
    }

    /**
     * A request to application {@code app} (e.g. {@code CONF-V1}, or DEPLOY-V2 itself) and its whole reply, whatever
     * its code: what the gateway answers when that application is away (issue 15, PlatformStopStartIT).
     */
    JsonObject requestTo(String app, String methodAndResource) throws Exception {
        client.subscribe(prefix + "/" + id + "/" + app + "/REPLY/#", 1); // again for DEPLOY-V2: harmless
        int mark = mark();
        String rid = "a" + ++requests;
        publish(prefix + "/" + gateway + "/" + app + "/" + methodAndResource,
                "{\"request.id\":\"" + rid + "\",\"requester.client.id\":\"" + id + "\"}");
        return await(mark, prefix + "/" + id + "/" + app + "/REPLY/" + rid, o -> true, 15_000);
    }

    /** GET/resource; the reply's body. */
    JsonObject get(String resource) throws Exception {
        int mark = mark();
        String rid = "g" + ++requests;
        request("GET/" + resource, rid, "");
        JsonObject r = reply(mark, rid);
        if (r.get("response.code").getAsInt() != 200) {
            throw new AssertionError("GET/" + resource + " answered " + r);
        }
        return r.getAsJsonObject("body");
    }

    /** The transport subscribes to requests in the background after it connected: ask until it answers. */
    void awaitGateway(long millis) throws Exception {
        AtomicInteger probes = new AtomicInteger();
        Await.within(Duration.ofMillis(millis), () -> {
            int mark = mark();
            String rid = "probe" + probes.getAndIncrement();
            request("GET/packages", rid, "");
            // not subscribed yet when no reply comes within 500 ms: asked again
            return Await.within(Duration.ofMillis(500), () -> first(mark, prefix + "/" + id + "/DEPLOY-V2/REPLY/" + rid,
                    o -> true), Objects::nonNull).orElse(null);
        }, Objects::nonNull).orElseThrow(() -> new AssertionError("the gateway never answered over MQTT"));
    }

    /** The version of the package {@code name} the gateway lists as installed, or null. */
    String installedVersion(String name) throws Exception {
        for (var p : get("packages").getAsJsonArray("packages")) {
            if (p.getAsJsonObject().get("name").getAsString().equals(name)) {
                return p.getAsJsonObject().get("version").getAsString();
            }
        }
        return null;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}

package org.cabinetgw.campaign;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The cloud's remote commands (Kura's DEPLOY-V2 layout, the deploy README): requests to
 * {@code <prefix>/<gateway>/DEPLOY-V2/<METHOD>/<resource>}, replies read from
 * {@code <prefix>/<requester>/DEPLOY-V2/REPLY/<request.id>}; a client of its own (Eclipse Paho), straight to the
 * broker. It also sends the hostile ones: malformed JSON, an oversized body, a requester not allowed.
 */
final class CommandCloud implements AutoCloseable {

    static final String REQUESTER = "campaign-cloud";

    private final String prefix;
    private final String gateway;
    private final int port;
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private MqttClient client;

    CommandCloud(int port, String prefix, String gateway) {
        this.port = port;
        this.prefix = prefix;
        this.gateway = gateway;
    }

    /** (Re)connects: after the broker was killed, the cloud's client connects again like the gateway does. */
    void connect() throws MqttException {
        close();
        client = new MqttClient("tcp://127.0.0.1:" + port, REQUESTER + "-" + ProcessHandle.current().pid(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        client.connect(o);
        IMqttMessageListener keep = (topic, message) -> received
                .add(new String[] { topic, new String(message.getPayload(), StandardCharsets.UTF_8) });
        client.subscribe(new String[] { prefix + "/+/DEPLOY-V2/REPLY/#", prefix + "/" + gateway + "/DEPLOY-V2/NOTIFY/#" },
                new int[] { 1, 1 }, new IMqttMessageListener[] { keep, keep });
    }

    /** Sends {@code body} as it is to {@code <prefix>/<gateway>/DEPLOY-V2/<resource>}. */
    void send(String resource, String body) throws MqttException {
        client.publish(prefix + "/" + gateway + "/DEPLOY-V2/" + resource, body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** A well-formed request of {@code requester}; fields: more JSON members, or empty. */
    void request(String resource, String requestId, String requester, String fields) throws MqttException {
        send(resource, "{\"request.id\":\"" + requestId + "\",\"requester.client.id\":\"" + requester + "\""
                + (fields.isBlank() ? "" : "," + fields) + "}");
    }

    /** The reply to {@code requestId} sent to {@code requester}, or null when none came within the time. */
    JsonObject reply(String requester, String requestId, long millis) throws InterruptedException {
        String topic = prefix + "/" + requester + "/DEPLOY-V2/REPLY/" + requestId;
        return first(topic, millis);
    }

    private JsonObject first(String topic, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        do {
            for (String[] m : received) {
                if (m[0].equals(topic)) {
                    return JsonParser.parseString(m[1]).getAsJsonObject();
                }
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < end);
        return null;
    }

    /**
     * EXEC/download with install of {@code requester}'s own; the notification that ends the job (a failed download,
     * or an install no longer in progress), or null when none came within the time.
     */
    JsonObject deployJson(String uri, String name, String version, String sha256, long jobId, long millis)
            throws Exception {
        String rid = "deploy" + jobId;
        request("EXEC/download", rid, REQUESTER, """
                "dp.uri": "%s", "dp.name": "%s", "dp.version": "%s", "job.id": %d, "dp.download.hash": "SHA256:%s",
                "dp.install": true""".formatted(uri, name, version, jobId, sha256));
        String notify = prefix + "/" + gateway + "/DEPLOY-V2/NOTIFY/" + REQUESTER + "/";
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            for (String[] m : received) {
                if (!m[0].startsWith(notify)) {
                    continue;
                }
                JsonObject o = JsonParser.parseString(m[1]).getAsJsonObject();
                if (!o.has("job.id") || o.get("job.id").getAsLong() != jobId) {
                    continue;
                }
                if (m[0].endsWith("/download") && o.has("dp.download.status")
                        && "FAILED".equals(o.get("dp.download.status").getAsString())) {
                    return o;
                }
                if (m[0].endsWith("/install") && o.has("dp.install.status")
                        && !"IN_PROGRESS".equals(o.get("dp.install.status").getAsString())) {
                    return o;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** {@link #deployJson} as text for the table ("no end within N s" when none came). */
    String deploy(String uri, String name, String version, String sha256, long jobId, long millis) throws Exception {
        JsonObject o = deployJson(uri, name, version, sha256, jobId, millis);
        return o == null ? "no end within " + millis / 1000 + " s" : o.toString();
    }

    @Override
    public void close() {
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
                client.close();
            } catch (MqttException e) {
                // the broker is gone: nothing to say goodbye to
            }
            client = null;
        }
    }
}

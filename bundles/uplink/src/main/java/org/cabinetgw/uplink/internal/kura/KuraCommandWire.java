package org.cabinetgw.uplink.internal.kura;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.deploy.MetricMessage;
import org.cabinetgw.uplink.internal.mqtt.CommandEnvelope;
import org.cabinetgw.uplink.internal.mqtt.CommandTopics;
import org.cabinetgw.uplink.internal.mqtt.CommandWire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Remote commands as Kura's cloud applications exchange them (DEPLOY-V2 and any application a handler offers):
 * <ul>
 * <li>a request is a KuraPayload whose STRING metrics {@code request.id} and {@code requester.client.id} say where
 * to answer; its metrics become the JSON object the handler gets (STRING a string, INT32/INT64/FLOAT/DOUBLE a
 * number, BOOL true/false, BYTES a base64 string), so a STRING {@code job.id} reaches the handler as a string and
 * is refused by it as any malformed field is;</li>
 * <li>the reply is a KuraPayload on {@code $EDC/<account>/<requester>/<app>/REPLY/<request.id>} with INT32
 * {@code response.code}, the handler's error text as {@code response.exception.message}, each scalar field of the
 * handler's JSON as a metric ({@link KuraCommandMetrics}: Kura's names and types), and the handler's whole JSON
 * document as the body when it holds more than scalars (a list of packages);</li>
 * <li>a notification is a KuraPayload of the same metrics on
 * {@code $EDC/<account>/<requester>/<app>/NOTIFY/<client-id>/<resource>}.</li>
 * </ul>
 * A request that is not a KuraPayload cannot be answered (its requester is inside it): one WARN line, as for a
 * JSON request without a requester.
 */
public final class KuraCommandWire implements CommandWire {

    static final String RESPONSE_CODE = "response.code";
    static final String EXCEPTION_MESSAGE = "response.exception.message";
    static final String CLIENT_ID = "client.id";

    private final KuraTopics topics;

    public KuraCommandWire(KuraTopics topics) {
        this.topics = topics;
    }

    /** Requests under {@code $EDC/<account>/<client-id>/<app>/...}, replies under the requester's. */
    public CommandTopics commandTopics() {
        return new CommandTopics("$EDC/" + topics.account(), topics.clientId());
    }

    @Override
    public Incoming read(byte[] payload) {
        KuraPayload p;
        try {
            p = KuraPayloadCodec.decode(payload, CommandEnvelope.MAX_BODY_BYTES);
        } catch (KuraPayloadException e) {
            return new Incoming(new CommandEnvelope.Addressing(null, null, e.getMessage(), "body"), null);
        }
        Object requester = p.metric(CommandEnvelope.REQUESTER);
        Object requestId = p.metric(CommandEnvelope.REQUEST_ID);
        String usableId = requestId instanceof String s && CommandTopics.isSafeLevel(s) ? s : null;
        if (!(requester instanceof String r) || !CommandTopics.isSafeLevel(r)) {
            return new Incoming(new CommandEnvelope.Addressing(null, usableId,
                    problem(p, CommandEnvelope.REQUESTER), CommandEnvelope.REQUESTER), null);
        }
        if (usableId == null) {
            return new Incoming(new CommandEnvelope.Addressing(r, null, problem(p, CommandEnvelope.REQUEST_ID),
                    CommandEnvelope.REQUEST_ID), null);
        }
        JsonObject body = new JsonObject();
        for (Map.Entry<String, Object> m : p.metrics().entrySet()) {
            Object v = m.getValue();
            if (v instanceof Number n) {
                body.addProperty(m.getKey(), n);
            } else if (v instanceof Boolean b) {
                body.addProperty(m.getKey(), b);
            } else if (v instanceof byte[] bytes) {
                body.addProperty(m.getKey(), Base64.getEncoder().encodeToString(bytes));
            } else {
                body.addProperty(m.getKey(), String.valueOf(v));
            }
        }
        // both shapes: the JSON for handlers that read JSON, the typed metrics for those that answer in Kura's types
        return new Incoming(new CommandEnvelope.Addressing(r, usableId, null, null),
                body.toString().getBytes(StandardCharsets.UTF_8), new MetricMessage(p.metrics(), p.body()));
    }

    private static String problem(KuraPayload p, String metric) {
        if (p.metric(metric) == null) {
            return metric + " is missing";
        }
        if (p.typeOf(metric) != KuraMetricType.STRING) {
            return metric + " must be a STRING metric, was " + p.typeOf(metric);
        }
        return metric + " must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -";
    }

    @Override
    public byte[] reply(int status, String requestId, byte[] handlerJson) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(RESPONSE_CODE, status);
        JsonElement doc = parse(handlerJson);
        if (status >= 400 && doc instanceof JsonObject o && o.get("error") instanceof JsonPrimitive e) {
            metrics.put(EXCEPTION_MESSAGE, e.getAsString());
        }
        return payload(metrics, doc);
    }

    /** A handler's typed answer as it is: {@code response.code} first, then its metrics and body unchanged. */
    @Override
    public byte[] reply(int status, String requestId, MetricMessage message) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(RESPONSE_CODE, status);
        message.metrics().forEach(metrics::putIfAbsent);
        return KuraPayloadCodec.encode(new KuraPayload(System.currentTimeMillis(), null, metrics, bodyOrNull(message)));
    }

    /** A handler's typed notification, with the gateway's {@code client.id} first as Kura's notifications carry it. */
    @Override
    public byte[] notification(MetricMessage message) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(CLIENT_ID, topics.clientId());
        metrics.putAll(message.metrics());
        return KuraPayloadCodec.encode(new KuraPayload(System.currentTimeMillis(), null, metrics, bodyOrNull(message)));
    }

    private static byte[] bodyOrNull(MetricMessage message) {
        byte[] body = message.body();
        return body.length == 0 ? null : body;
    }

    @Override
    public byte[] notification(byte[] handlerJson) {
        return payload(new LinkedHashMap<>(), parse(handlerJson));
    }

    @Override
    public String notifyTopic(CommandTopics unused, String appId, String requesterId, String resource) {
        return "$EDC/" + topics.account() + "/" + requesterId + "/" + appId + "/NOTIFY/" + topics.clientId() + "/"
                + resource;
    }

    /** The scalars of the handler's document as metrics; the document as the body when it has more than those. */
    private static byte[] payload(Map<String, Object> metrics, JsonElement doc) {
        byte[] body = null;
        if (doc instanceof JsonObject o) {
            boolean onlyScalars = true;
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                if (e.getValue() instanceof JsonPrimitive p) {
                    String name = KuraCommandMetrics.name(e.getKey());
                    metrics.putIfAbsent(name, KuraCommandMetrics.typed(name, p));
                } else if (!e.getValue().isJsonNull()) {
                    onlyScalars = false;
                }
            }
            if (!onlyScalars) {
                body = o.toString().getBytes(StandardCharsets.UTF_8);
            }
        } else if (doc != null) {
            body = doc.toString().getBytes(StandardCharsets.UTF_8);
        }
        return KuraPayloadCodec.encode(new KuraPayload(System.currentTimeMillis(), null, metrics, body));
    }

    private static JsonElement parse(byte[] json) {
        if (json == null || json.length == 0) {
            return null;
        }
        String text = new String(json, StandardCharsets.UTF_8);
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException | StackOverflowError e) {
            return new JsonPrimitive(text); // not JSON: carried as the body's text, never dropped
        }
    }
}

package org.cabinetgw.uplink.internal.mqtt;

import java.nio.charset.StandardCharsets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * The addressing fields of a request body ({@code request.id}, {@code requester.client.id}), read
 * before the handler sees the request, and the reply document. Pure: no MQTT here.
 */
public final class CommandEnvelope {

    public static final String REQUEST_ID = "request.id";
    public static final String REQUESTER = "requester.client.id";
    public static final String RESPONSE_CODE = "response.code";
    /** Larger bodies are dropped unread: no handler takes requests anywhere near this size. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private CommandEnvelope() {
    }

    /**
     * @param requesterId where replies go, or null when absent/unusable (then nobody can be answered)
     * @param requestId   the request's id, or null when absent/unusable
     * @param error       what is wrong with the body's addressing, or null
     * @param field       the field {@code error} names, or null
     */
    public record Addressing(String requesterId, String requestId, String error, String field) {
    }

    public static Addressing read(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return new Addressing(null, null, "body has " + body.length + " bytes, at most " + MAX_BODY_BYTES, "body");
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                return new Addressing(null, null, "body is not a JSON object", "body");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            // StackOverflowError: Gson recurses on nesting; a hostile '[[[[...' must not kill the worker
            return new Addressing(null, null, "body is not valid JSON", "body");
        }
        String requester = string(o, REQUESTER);
        String requestId = string(o, REQUEST_ID);
        if (requester == null || !CommandTopics.isSafeLevel(requester)) {
            return new Addressing(null, validId(requestId), describe(o, REQUESTER), REQUESTER);
        }
        if (requestId == null || !CommandTopics.isSafeLevel(requestId)) {
            return new Addressing(requester, null, describe(o, REQUEST_ID), REQUEST_ID);
        }
        return new Addressing(requester, requestId, null, null);
    }

    private static String validId(String s) {
        return s != null && CommandTopics.isSafeLevel(s) ? s : null;
    }

    private static String describe(JsonObject o, String field) {
        if (!o.has(field) || o.get(field).isJsonNull()) {
            return field + " is missing";
        }
        if (string(o, field) == null) {
            return field + " must be a string";
        }
        return field + " must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -";
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        return null;
    }

    /** An error body in the handlers' own shape: {@code {"error":..,"field":..}}. */
    public static byte[] error(String message, String field) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        o.addProperty("field", field);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The published reply: {@code {"response.code":..,"request.id":..,"body":<handler's JSON>}}; a body
     * that is not JSON is carried as a string, never dropped.
     */
    public static byte[] reply(int status, String requestId, byte[] body) {
        JsonObject o = new JsonObject();
        o.addProperty(RESPONSE_CODE, status);
        o.addProperty(REQUEST_ID, requestId);
        o.add("body", asJson(body));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonElement asJson(byte[] body) {
        String text = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return new JsonObject();
        }
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException | StackOverflowError e) {
            return new JsonPrimitive(text);
        }
    }
}

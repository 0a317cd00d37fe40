package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class MessageEncoderTest {

    private static JsonObject encode(Message m) {
        return JsonParser.parseString(new String(MessageEncoder.encode(m), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void carriesTheDocumentedFields() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("voltage", 229.8);
        metrics.put("online", true);
        metrics.put("source", "mains");
        metrics.put("count", 42L);
        Message m = new Message("id-1", "power.meter", "power/mains", Priority.EVENT,
                Instant.parse("2026-05-01T12:00:00.123Z"), metrics, "");
        JsonObject o = encode(m);
        assertThat(o.get("id").getAsString()).isEqualTo("id-1");
        assertThat(o.get("ts").getAsString()).isEqualTo("2026-05-01T12:00:00.123Z");
        assertThat(o.get("source").getAsString()).isEqualTo("power.meter");
        assertThat(o.get("topic").getAsString()).isEqualTo("power/mains");
        assertThat(o.get("priority").getAsString()).isEqualTo("EVENT");
        assertThat(o.getAsJsonObject("metrics").get("voltage").getAsDouble()).isEqualTo(229.8);
        assertThat(o.getAsJsonObject("metrics").get("online").getAsBoolean()).isTrue();
        assertThat(o.getAsJsonObject("metrics").get("count").getAsLong()).isEqualTo(42L);
        assertThat(o.has("payload")).isFalse();
        assertThat(o.has("types")).as("only doubles, longs, text and booleans: nothing to say").isFalse();
    }

    @Test
    void intsAndFloatsAreNamedInTypes() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("count", 7);
        metrics.put("ratio", 0.25f);
        metrics.put("energy", 7L);
        metrics.put("nan", Float.NaN);
        JsonObject o = encode(new Message("id-3", "s", "t", Priority.TELEMETRY, Instant.EPOCH, metrics, ""));
        assertThat(o.getAsJsonObject("types").entrySet()).hasSize(2);
        assertThat(o.getAsJsonObject("types").get("count").getAsString()).isEqualTo("INT32");
        assertThat(o.getAsJsonObject("types").get("ratio").getAsString()).isEqualTo("FLOAT");
    }

    @Test
    void hostileValuesStayValidJson() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("nan", Double.NaN);
        metrics.put("inf", Double.NEGATIVE_INFINITY);
        metrics.put("quote\"key", "line\nbreak \u0000 \"quoted\" </script>");
        Message m = new Message("id-2", "s", "t", Priority.ALARM, Instant.EPOCH, metrics, "{\"not\":\"parsed\"}\u2028");
        JsonObject o = encode(m);
        assertThat(o.getAsJsonObject("metrics").get("nan").isJsonNull()).isTrue();
        assertThat(o.getAsJsonObject("metrics").get("inf").isJsonNull()).isTrue();
        assertThat(o.getAsJsonObject("metrics").get("quote\"key").getAsString()).contains("\n").contains("\u0000");
        assertThat(o.get("payload").getAsString()).isEqualTo("{\"not\":\"parsed\"}\u2028");
    }
}

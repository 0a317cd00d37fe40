package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class CommandEnvelopeTest {

    private static CommandEnvelope.Addressing read(String s) {
        return CommandEnvelope.read(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wellFormedAddressing() {
        CommandEnvelope.Addressing a = read("{\"request.id\":\"r1\",\"requester.client.id\":\"cloud\",\"x\":1}");
        assertThat(a.requesterId()).isEqualTo("cloud");
        assertThat(a.requestId()).isEqualTo("r1");
        assertThat(a.error()).isNull();
    }

    @Test
    void missingOrBadRequestIdNamesItButKeepsTheRequester() {
        for (String body : new String[] { "{\"requester.client.id\":\"cloud\"}",
                "{\"requester.client.id\":\"cloud\",\"request.id\":7}",
                "{\"requester.client.id\":\"cloud\",\"request.id\":null}",
                "{\"requester.client.id\":\"cloud\",\"request.id\":\"a/b/#\"}",
                "{\"requester.client.id\":\"cloud\",\"request.id\":\"\"}" }) {
            CommandEnvelope.Addressing a = read(body);
            assertThat(a.requesterId()).as(body).isEqualTo("cloud");
            assertThat(a.requestId()).as(body).isNull();
            assertThat(a.field()).as(body).isEqualTo("request.id");
            assertThat(a.error()).as(body).startsWith("request.id");
        }
    }

    @Test
    void requesterThatWouldSteerTheReplyIsRefused() {
        for (String requester : new String[] { "\"other/gw/APP\"", "\"+\"", "\"#\"", "[\"a\"]", "{}", "1", "\"\"" }) {
            CommandEnvelope.Addressing a = read("{\"request.id\":\"r1\",\"requester.client.id\":" + requester + "}");
            assertThat(a.requesterId()).as(requester).isNull();
            assertThat(a.field()).isEqualTo("requester.client.id");
        }
        assertThat(read("{\"request.id\":\"r1\"}").error()).isEqualTo("requester.client.id is missing");
    }

    @Test
    void hostileBodiesAreRefusedNotThrown() {
        for (String body : new String[] { "", "not json", "[1,2]", "\"s\"", "{\"a\":", "null", "{\"a\":1}}}",
                "[".repeat(100_000), "{\"a\":".repeat(20_000) }) {
            CommandEnvelope.Addressing a = read(body);
            assertThat(a.requesterId()).isNull();
            assertThat(a.field()).isIn("body", "requester.client.id");
        }
        byte[] huge = new byte[CommandEnvelope.MAX_BODY_BYTES + 1];
        assertThat(CommandEnvelope.read(huge).error()).contains("at most");
        byte[] binary = { (byte) 0xff, (byte) 0xfe, 0, 1, 2 };
        assertThat(CommandEnvelope.read(binary).field()).isEqualTo("body");
    }

    @Test
    void replyWrapsTheHandlersJsonOrCarriesTextAsString() {
        JsonObject r = JsonParser.parseString(new String(CommandEnvelope.reply(200, "r1",
                "{\"bundles\":[]}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(r.get("response.code").getAsInt()).isEqualTo(200);
        assertThat(r.get("request.id").getAsString()).isEqualTo("r1");
        assertThat(r.getAsJsonObject("body").has("bundles")).isTrue();

        JsonObject t = JsonParser.parseString(new String(CommandEnvelope.reply(500, "r2",
                "oops {".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(t.get("body").getAsString()).isEqualTo("oops {");
        JsonObject e = JsonParser.parseString(new String(CommandEnvelope.reply(200, "r3", null),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(e.getAsJsonObject("body").size()).isZero();
    }

    @Test
    void errorBodyNamesTheField() {
        JsonObject o = JsonParser.parseString(new String(CommandEnvelope.error("request.id is missing", "request.id"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(o.get("field").getAsString()).isEqualTo("request.id");
        assertThat(o.get("error").getAsString()).isEqualTo("request.id is missing");
    }
}

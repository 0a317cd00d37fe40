package org.cabinetgw.uplink.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.google.gson.JsonParser;

// real HTTP server: a hang must fail this class, not block CI
@Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class HttpTransportTest {

    private static QueuedMessage m(long seq, String id) {
        return new QueuedMessage(seq, id, Priority.EVENT, "t", ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void retryAfterParsesSecondsAndDatesAndIgnoresNonsense() {
        assertThat(HttpTransport.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpTransport.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("-3")).isNull();
        assertThat(HttpTransport.retryAfter("soon")).isNull();
        assertThat(HttpTransport.retryAfter("99999999999999999999999")).isNull();
        assertThat(HttpTransport.retryAfter(null)).isNull();
        assertThat(HttpTransport.retryAfter("")).isNull();
        assertThat(HttpTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void idempotencyKeyDependsOnTheIdsOnly() {
        String k1 = HttpTransport.idempotencyKey(List.of(m(1, "a"), m(2, "b")));
        // the same messages again (after a restart their sequence numbers may differ): same key
        assertThat(HttpTransport.idempotencyKey(List.of(m(7, "a"), m(8, "b")))).isEqualTo(k1);
        assertThat(HttpTransport.idempotencyKey(List.of(m(1, "a")))).isNotEqualTo(k1);
        assertThat(HttpTransport.idempotencyKey(List.of(m(1, "b"), m(2, "a")))).isNotEqualTo(k1);
    }

    @Test
    void bodyIsAJsonArrayOfTheMessages() {
        String body = new String(HttpTransport.body(List.of(m(1, "a"), m(2, "b"))), StandardCharsets.UTF_8);
        var array = JsonParser.parseString(body).getAsJsonArray();
        assertThat(array).hasSize(2);
        assertThat(array.get(1).getAsJsonObject().get("id").getAsString()).isEqualTo("b");
        assertThat(new String(HttpTransport.body(List.of()), StandardCharsets.UTF_8)).isEqualTo("[]");
    }
}

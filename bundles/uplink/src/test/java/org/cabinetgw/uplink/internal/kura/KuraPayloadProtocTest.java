package org.cabinetgw.uplink.internal.kura;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cabinetgw.testing.Protoc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The independent check: Debian's protoc, given our schema file, reads what our codec writes and agrees on every
 * metric's name, type and value; and our codec reads what protoc writes from the text format.
 */
class KuraPayloadProtocTest {

    /** Our schema, as the bundle ships it. */
    static final Path SCHEMA = Path.of("src/main/resources/kura");

    @TempDir
    Path dir;

    private Protoc protoc;

    @BeforeEach
    void protoc() {
        Assumptions.assumeTrue(Protoc.installed(), "protoc is not installed: apt-get install -y protobuf-compiler");
        protoc = new Protoc(SCHEMA, dir);
    }

    @Test
    void protocReadsWhatWeWriteAndAgrees() throws Exception {
        Map<String, Object> metrics = KuraPayloadCodecTest.everyType();
        KuraPayload p = new KuraPayload(1_700_000_000_123L, KuraPosition.of(46.05, 14.51), metrics,
                "body".getBytes(StandardCharsets.UTF_8));
        String text = protoc.decode(KuraPayloadCodec.encode(p));
        assertEquals("1700000000123", Protoc.topLevel(text, "timestamp"));
        assertEquals("\"body\"", Protoc.topLevel(text, "body"));
        assertTrue(text.contains("latitude: 46.05") && text.contains("longitude: 14.51"), text);
        List<Protoc.TextMetric> read = Protoc.metrics(text);
        assertEquals(metrics.size(), read.size(), text);
        int i = 0;
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            Protoc.TextMetric m = read.get(i++);
            KuraMetricType type = KuraMetricType.of(e.getValue());
            assertEquals(e.getKey(), m.name());
            assertEquals(type.name(), m.type(), m.name());
            assertEquals(switch (type) {
                case DOUBLE -> "double_value";
                case FLOAT -> "float_value";
                case INT64 -> "long_value";
                case INT32 -> "int_value";
                case BOOL -> "bool_value";
                case STRING -> "string_value";
                case BYTES -> "bytes_value";
            }, m.valueField(), m.name());
            Object v = e.getValue();
            switch (type) {
                case DOUBLE -> assertEquals((Double) v, parseDouble(m.value()), m.name());
                case FLOAT -> assertEquals((Float) v, Float.parseFloat(m.value()), m.name());
                case INT64 -> assertEquals((Long) v, Long.parseLong(m.value()), m.name());
                case INT32 -> assertEquals((Integer) v, Integer.parseInt(m.value()), m.name());
                case BOOL -> assertEquals(v, Boolean.parseBoolean(m.value()), m.name());
                case STRING -> assertEquals(v, Protoc.unquote(m.value()), m.name());
                case BYTES -> assertArrayEquals((byte[]) v, Protoc.unquoteBytes(m.value()), m.name());
            }
        }
    }

    @Test
    void weReadWhatProtocWrites() throws Exception {
        byte[] bytes = protoc.encode("""
                timestamp: 1700000000999
                metric { name: "dp.name" type: STRING string_value: "org.cabinetgw.dp.power" }
                metric { name: "job.id" type: INT64 long_value: -9000000000 }
                metric { name: "dp.install" type: BOOL bool_value: true }
                metric { name: "response.code" type: INT32 int_value: 200 }
                metric { name: "load" type: DOUBLE double_value: 0.75 }
                metric { name: "f" type: FLOAT float_value: 1.25 }
                metric { name: "b" type: BYTES bytes_value: "\\001\\002" }
                body: "xyz"
                """);
        KuraPayload p = KuraPayloadCodec.decode(bytes);
        assertEquals(1_700_000_000_999L, p.timestamp());
        assertEquals("org.cabinetgw.dp.power", p.metric("dp.name"));
        assertEquals(-9_000_000_000L, p.metric("job.id"));
        assertEquals(Boolean.TRUE, p.metric("dp.install"));
        assertEquals(200, p.metric("response.code"));
        assertEquals(0.75, p.metric("load"));
        assertEquals(1.25f, p.metric("f"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) p.metric("b"));
        assertArrayEquals("xyz".getBytes(StandardCharsets.UTF_8), p.body());
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}

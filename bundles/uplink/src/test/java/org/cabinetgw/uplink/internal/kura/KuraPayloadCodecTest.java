package org.cabinetgw.uplink.internal.kura;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.CodedOutputStream;

class KuraPayloadCodecTest {

    static Map<String, Object> everyType() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("voltage", 229.8);
        m.put("nan", Double.NaN);
        m.put("ratio", 0.5f);
        m.put("energy.wh", Long.MAX_VALUE);
        m.put("negative", -42L);
        m.put("count", Integer.MIN_VALUE);
        m.put("online", true);
        m.put("off", false);
        m.put("state", "on generator — ünïcode");
        m.put("empty", "");
        m.put("raw", new byte[] {0, 1, (byte) 0xff});
        return m;
    }

    @Test
    void everyTypeComesBackAsItsOwnType() throws Exception {
        KuraPayload p = new KuraPayload(1_700_000_000_123L, new KuraPosition(46.1, 13.2, 120.0, null, null, 3.5,
                1_700_000_000_000L, 7, null), everyType(), "hello".getBytes(StandardCharsets.UTF_8));
        KuraPayload back = KuraPayloadCodec.decode(KuraPayloadCodec.encode(p));
        assertEquals(p, back);
        assertEquals(KuraMetricType.DOUBLE, back.typeOf("voltage"));
        assertTrue(((Double) back.metric("nan")).isNaN());
        assertEquals(KuraMetricType.FLOAT, back.typeOf("ratio"));
        assertEquals(KuraMetricType.INT64, back.typeOf("energy.wh"));
        assertEquals(KuraMetricType.INT32, back.typeOf("count"));
        assertEquals(KuraMetricType.BOOL, back.typeOf("off"));
        assertEquals(KuraMetricType.STRING, back.typeOf("state"));
        assertEquals(KuraMetricType.BYTES, back.typeOf("raw"));
        assertEquals(Arrays.asList(p.metrics().keySet().toArray()), Arrays.asList(back.metrics().keySet().toArray()),
                "metric order is kept");
    }

    @Test
    void gzipRoundTripsAndIsSmallerForRepetitiveMetrics() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            m.put("voltage.l" + i, 230.0 + i / 10.0);
        }
        KuraPayload p = KuraPayload.of(1L, m);
        byte[] zipped = KuraPayloadCodec.encode(p, true);
        assertTrue(KuraPayloadCodec.isGzip(zipped));
        assertTrue(zipped.length < KuraPayloadCodec.encode(p).length);
        assertEquals(p, KuraPayloadCodec.decode(zipped));
    }

    @Test
    void anEmptyMessageIsAnEmptyPayload() throws Exception {
        KuraPayload p = KuraPayloadCodec.decode(new byte[0]);
        assertEquals(0, p.metrics().size());
        assertEquals(null, p.timestamp());
    }

    @Test
    void jsonIsRefusedAsNotAKuraPayload() {
        KuraPayloadException e = assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec
                .decode("{\"request.id\":\"1\",\"requester.client.id\":\"console\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("not a KuraPayload"), e.getMessage());
    }

    @Test
    void plainTextIsRefused() {
        for (String text : new String[] {"hello world", "x", "\u0000\u0000\u0000"}) {
            KuraPayloadException e = assertThrows(KuraPayloadException.class,
                    () -> KuraPayloadCodec.decode(text.getBytes(StandardCharsets.UTF_8)), text);
            assertTrue(e.getMessage().contains("not a KuraPayload"), e.getMessage());
        }
    }

    @Test
    void aTruncatedPayloadIsRefused() {
        byte[] whole = KuraPayloadCodec.encode(KuraPayload.of(5L, everyType()));
        for (int cut = 1; cut < 12; cut++) {
            byte[] part = Arrays.copyOf(whole, whole.length - cut);
            KuraPayloadException e = assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec.decode(part));
            assertTrue(e.getMessage().startsWith("not a KuraPayload") || e.getMessage().contains("metric"),
                    e.getMessage());
        }
    }

    @Test
    void aMetricWhoseValueIsNotItsDeclaredTypeIsRefusedNamingIt() throws Exception {
        // job.id declared STRING (5) but carrying an int64 value (field 5)
        byte[] metric = metric(out -> {
            out.writeString(1, "job.id");
            out.writeEnum(2, KuraMetricType.STRING.wire());
            out.writeInt64(5, 42L);
        });
        KuraPayloadException e = assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec.decode(payload(metric)));
        assertEquals("metric 'job.id' is declared STRING but carries a INT64 value", e.getMessage());
    }

    @Test
    void aMetricDeclaredINT64CarryingAStringIsRefused() throws Exception {
        byte[] metric = metric(out -> {
            out.writeString(1, "job.id");
            out.writeEnum(2, KuraMetricType.INT64.wire());
            out.writeString(8, "42");
        });
        KuraPayloadException e = assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec.decode(payload(metric)));
        assertEquals("metric 'job.id' is declared INT64 but carries a STRING value", e.getMessage());
    }

    @Test
    void metricsWithoutNameTypeOrValueOrWithAnUnknownTypeAreRefused() throws Exception {
        assertEquals("metric #1 has no name", refusal(metric(out -> {
            out.writeEnum(2, 0);
            out.writeDouble(3, 1.0);
        })));
        assertEquals("metric 'a' has no type", refusal(metric(out -> {
            out.writeString(1, "a");
            out.writeDouble(3, 1.0);
        })));
        assertEquals("metric 'a' is declared DOUBLE but carries no value", refusal(metric(out -> {
            out.writeString(1, "a");
            out.writeEnum(2, 0);
        })));
        assertTrue(refusal(metric(out -> {
            out.writeString(1, "a");
            out.writeEnum(2, 9);
            out.writeDouble(3, 1.0);
        })).startsWith("metric 'a' has type 9, not one of Kura's"));
        // the type field with the wrong wire type
        assertTrue(refusal(metric(out -> {
            out.writeString(1, "a");
            out.writeString(2, "DOUBLE");
        })).contains("metric type (field 2) has wire type 2"));
    }

    @Test
    void tenMegabytesAreRefusedUnread() {
        byte[] big = new byte[10 * 1024 * 1024];
        KuraPayloadException e = assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec.decode(big));
        assertEquals("payload has 10485760 bytes, at most 1048576 are accepted", e.getMessage());
    }

    @Test
    void aGzipBombIsRefusedAfterTheLimitNotInflatedWhole() {
        KuraPayload p = new KuraPayload(1L, null, Map.of(), new byte[20 * 1024 * 1024]);
        byte[] bomb = KuraPayloadCodec.encode(p, true);
        assertTrue(bomb.length < 100_000, "20 MB of zeros compress to " + bomb.length);
        KuraPayloadException e = assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec.decode(bomb));
        assertTrue(e.getMessage().startsWith("gzip'd payload inflates to more than 1048576 bytes"), e.getMessage());
    }

    @Test
    void damagedGzipIsRefused() {
        byte[] zipped = KuraPayloadCodec.encode(KuraPayload.of(1L, everyType()), true);
        byte[] damaged = Arrays.copyOf(zipped, zipped.length / 2);
        KuraPayloadException e = assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec.decode(damaged));
        assertTrue(e.getMessage().startsWith("payload starts like gzip but is damaged"), e.getMessage());
    }

    @Test
    void unknownFieldsAreSkippedAsProtobufReadersDo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt64(1, 7L);
        out.writeString(42, "an extension"); // the extension range 3..4999
        out.writeByteArray(5000, metric(o -> {
            o.writeString(1, "a");
            o.writeEnum(2, KuraMetricType.INT32.wire());
            o.writeInt32(6, 3);
            o.writeInt32(77, 1); // a field a newer schema might add
        }));
        out.flush();
        KuraPayload p = KuraPayloadCodec.decode(bytes.toByteArray());
        assertEquals(7L, p.timestamp());
        assertEquals(3, p.metric("a"));
    }

    @Test
    void aPositionWithoutLongitudeIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeByteArray(2, metric(o -> o.writeDouble(1, 46.0)));
        out.flush();
        KuraPayloadException e = assertThrows(KuraPayloadException.class,
                () -> KuraPayloadCodec.decode(bytes.toByteArray()));
        assertEquals("position has no longitude", e.getMessage());
    }

    @Test
    void aValueOfNoKuraTypeIsRefusedWhenBuilt() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("when", java.time.Instant.EPOCH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KuraPayload.of(1L, m));
        assertEquals("metric 'when' has a value of no KuraPayload type: Instant", e.getMessage());
    }

    interface Writer {
        void write(CodedOutputStream out) throws Exception;
    }

    static byte[] metric(Writer w) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        w.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] payload(byte[] metric) throws Exception {
        return metric(out -> {
            out.writeInt64(1, 1L);
            out.writeByteArray(5000, metric);
        });
    }

    private static String refusal(byte[] metric) {
        return assertThrows(KuraPayloadException.class, () -> KuraPayloadCodec.decode(payload(metric))).getMessage();
    }

    @Test
    void bytesSurviveExactly() throws Exception {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        assertArrayEquals(body, KuraPayloadCodec.decode(KuraPayloadCodec.encode(new KuraPayload(1L, null, null, body))).body());
    }
}

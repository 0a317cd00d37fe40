package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The incarnation in a lease at the witness comes from outside (anyone who may publish on the lease topics): read
 * here through the witness's own receive path, no broker needed (the client is made, never connected). What is not
 * a plain whole number reads as UNKNOWN, the safe reading (WitnessEvidence), and is said once per peer node.
 */
class LeaseIncarnationTest {

    private static final String TOPIC = "test/ha/cabinet-7/lease/gw-a";

    private static MqttWitness witness() throws Exception {
        return new MqttWitness("tcp://127.0.0.1:1", "test/ha", "cabinet-7", "gw-b", 42, "", null, 1,
                PairRuntime.MONOTONIC, null);
    }

    private static PeerLease after(MqttWitness w, String json) {
        w.received(TOPIC, json.getBytes(StandardCharsets.UTF_8));
        return w.peerLease();
    }

    private static String released(String incarnationField) {
        return "{\"state\":\"released\",\"epoch\":3,\"node\":\"gw-a\"" + incarnationField + ",\"n\":9}";
    }

    @Test
    void aLeaseNamesItsLife() throws Exception {
        MqttWitness w = witness();
        assertThat(after(w, released(",\"incarnation\":1765110000123")).incarnation()).isEqualTo(1_765_110_000_123L);
        assertThat(after(w, released(",\"incarnation\":0")).incarnation()).isZero();
        assertThat(after(w, released(",\"incarnation\":9007199254740991")).incarnation()).isEqualTo((1L << 53) - 1);
        w.close();
    }

    @Test
    void aLeaseOfAnOlderNodeWithoutOneReadsAsUnknownSaidOnce() throws Exception {
        MqttWitness w = witness();
        LeaseIncarnation reader = new LeaseIncarnation("test");
        for (int i = 0; i < 5; i++) {
            PeerLease l = after(w, released(""));
            assertThat(l.state()).as("still a lease").isEqualTo(PeerLease.RELEASED);
            assertThat(l.epoch()).isEqualTo(3);
            assertThat(l.incarnation()).isEqualTo(PeerLease.UNKNOWN);
            assertThat(reader.read("gw-a", null)).isEqualTo(PeerLease.UNKNOWN);
        }
        assertThat(after(w, released(",\"incarnation\":null")).incarnation()).isEqualTo(PeerLease.UNKNOWN);
        assertThat(reader.said()).containsExactly("gw-a/none");
        w.close();
    }

    @Test
    void hostileIncarnationsReadAsUnknownEachCaseSaidOncePerNode() throws Exception {
        MqttWitness w = witness();
        String[] hostile = {"-1", "-9223372036854775808", "9007199254740992", "9223372036854775807",
                "99999999999999999999999", "1.5", "1e12", "\"1765110000123\"", "true", "[7]", "{\"n\":7}",
                "\"" + "9".repeat(500) + "\""};
        for (String bad : hostile) {
            PeerLease l = after(w, released(",\"incarnation\":" + bad));
            assertThat(l).as(bad).isNotNull();
            assertThat(l.incarnation()).as(bad).isEqualTo(PeerLease.UNKNOWN);
        }
        LeaseIncarnation reader = new LeaseIncarnation("test");
        for (String bad : hostile) {
            reader.read("gw-a", com.google.gson.JsonParser.parseString(bad));
            reader.read("gw-x", com.google.gson.JsonParser.parseString(bad));
        }
        assertThat(reader.said()).containsExactlyInAnyOrder("gw-a/bad", "gw-x/bad");
        // a good one after them is believed again
        assertThat(after(w, released(",\"incarnation\":77")).incarnation()).isEqualTo(77);
        w.close();
    }
}

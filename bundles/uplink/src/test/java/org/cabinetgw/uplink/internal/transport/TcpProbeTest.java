package org.cabinetgw.uplink.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    @Test
    void aListeningPortIsReachableAClosedOneIsNot() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            assertThat(TcpProbe.reachable("127.0.0.1", port, 1000)).isTrue();
        }
        assertThat(TcpProbe.reachable("127.0.0.1", port, 1000)).isFalse();
        assertThat(TcpProbe.reachable("no-such-host.invalid", 1883, 1000)).isFalse();
        assertThat(TcpProbe.reachable("127.0.0.1", 70_000, 1000)).as("a bad port is no crash").isFalse();
    }

    @Test
    void onlyAPeerThatTookNoConnectionIsProbed() {
        MqttException paho = new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused"));
        assertThat(TcpProbe.unreachable(paho)).isTrue();
        assertThat(TcpProbe.unreachable(new java.net.http.HttpConnectTimeoutException("timed out"))).isTrue();
        // it answered, and refused: probing would only hammer it
        assertThat(TcpProbe.unreachable(new MqttException(MqttException.REASON_CODE_FAILED_AUTHENTICATION))).isFalse();
        assertThat(TcpProbe.unreachable(new SSLHandshakeException("certificate_required"))).isFalse();
        assertThat(TcpProbe.unreachable(null)).isFalse();
    }

    @Test
    void portsDefaultByScheme() {
        assertThat(TcpProbe.port(URI.create("tcp://broker"))).isEqualTo(1883);
        assertThat(TcpProbe.port(URI.create("ssl://broker"))).isEqualTo(8883);
        assertThat(TcpProbe.port(URI.create("https://cloud/ingest"))).isEqualTo(443);
        assertThat(TcpProbe.port(URI.create("http://cloud/ingest"))).isEqualTo(80);
        assertThat(TcpProbe.port(URI.create("http://cloud:8080/ingest"))).isEqualTo(8080);
        assertThat(TcpProbe.intervalMillis(0)).isEqualTo(TcpProbe.FAST_MILLIS);
        assertThat(TcpProbe.intervalMillis(120_000)).isEqualTo(TcpProbe.SLOW_MILLIS);
    }
}

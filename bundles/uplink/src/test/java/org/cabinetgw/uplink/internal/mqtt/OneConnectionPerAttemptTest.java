package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each connect attempt is one MQTT 3.1.1 connection, and its refusal is what the operator is told. Paho, left at its
 * default protocol version, follows any failed 3.1.1 attempt with a hidden second one in MQTT 3.1, 250 ms later, on
 * a connection of its own: a broker refusing our credentials saw two connections per attempt, and the reason
 * reported was the 3.1 attempt's. Here a broker that refuses every CONNECT (CONNACK "not authorized") records the
 * protocol of each CONNECT it is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OneConnectionPerAttemptTest {

    private final RefusingBroker broker = new RefusingBroker();

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void aRefusedAttemptIsNotFollowedByPahosHiddenMqtt31Attempt() throws Exception {
        MqttSettings s = MqttSettings.of("tcp://127.0.0.1:" + broker.port(), "one-per-attempt-" + System.nanoTime(), "t");
        // the next attempt 100 ms after a refusal
        s = new MqttSettings(s.serverUri(), s.clientId(), "", "", s.topicPrefix(), 1, 10, 30, 1, 100, 100, s.tls());
        MqttTransport transport = new MqttTransport(s);
        try {
            transport.start();
            ConnectInProgressCloseTest.waitFor(() -> broker.connects().size() >= 4, 30_000);
            assertThat(transport.describeState()).as("the reason told").containsIgnoringCase("not authori");
        } finally {
            transport.close();
        }
        assertThat(broker.connects()).as("the protocol of each CONNECT received, in order").hasSizeGreaterThanOrEqualTo(4)
                .allMatch("MQTT/4"::equals);
    }

    /** Accepts, reads each connection's CONNECT and refuses it: CONNACK with return code 5, not authorized. */
    private static final class RefusingBroker implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final List<String> connects = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        RefusingBroker() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        accepted.add(s);
                        Thread reader = new Thread(() -> record(s), "refusing-broker-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "refusing-broker");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** CONNECT: type byte, remaining length (1-4 bytes), protocol name (2-byte length + text), level. */
        private void record(Socket s) {
            try {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                int type = in.readUnsignedByte();
                while ((in.readUnsignedByte() & 0x80) != 0) {
                    // remaining length continues
                }
                byte[] name = new byte[in.readUnsignedShort()];
                in.readFully(name);
                int level = in.readUnsignedByte();
                connects.add(type == 0x10 ? new String(name, java.nio.charset.StandardCharsets.UTF_8) + "/" + level
                        : "not a CONNECT: " + type);
                s.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x05});
                s.getOutputStream().flush();
            } catch (IOException e) {
                // closed before a whole CONNECT: not an attempt that reached the broker
            }
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> connects() {
            return connects;
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5000);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}

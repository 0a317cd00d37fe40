package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.testing.TestPki;
import org.cabinetgw.uplink.internal.UplinkEngine;
import org.cabinetgw.uplink.internal.UplinkSettings;
import org.cabinetgw.uplink.internal.transport.TlsSettings;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT transport over TLS against a real Mosquitto with a TLS listener. Certificates are made in
 * the test with openssl (a CA, a server certificate it signs, a rogue CA) and turned into PKCS12 trust
 * stores with keytool, exactly what an integrator does. The server is verified: the right trust store
 * connects and delivers, a wrong one never connects and says why, a certificate for another host is
 * refused while hostname verification is on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttTlsMosquittoTest {

    private static final String STORE_PASSWORD = TestPki.STORE_PASSWORD;

    @TempDir
    Path dir;

    private final List<LocalMosquitto> brokers = new ArrayList<>();
    private final List<MqttTransport> transports = new ArrayList<>();
    private final List<AutoCloseable> engines = new ArrayList<>();
    private TestPki pki;

    @BeforeEach
    void tools() {
        Assumptions.assumeTrue(LocalMosquitto.installed(),
                "Mosquitto is not installed: apt-get install -y mosquitto");
        Assumptions.assumeTrue(TestPki.installed(), "openssl is not installed: apt-get install -y openssl");
        pki = new TestPki(dir);
    }

    private Path newCa(String name, String commonName) throws Exception {
        return pki.newCa(name, commonName);
    }

    private Path serverCert(Path ca, String name, String subjectAltName) throws Exception {
        return pki.serverCert(ca, name, subjectAltName);
    }

    private Path trustStore(Path caCert, String fileName) throws Exception {
        return pki.trustStore(caCert, fileName);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable e : engines) {
            e.close();
        }
        transports.forEach(MqttTransport::close);
        for (LocalMosquitto b : brokers) {
            b.kill();
        }
    }

    @Test
    void theRightTrustStoreVerifiesTheServerAndMessagesFlow() throws Exception {
        Path ca = newCa("ca", "Cabinet Test CA");
        Path trust = trustStore(ca, "trust.p12");
        int port = startTlsBroker(ca, serverCert(ca, "server", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        String uri = "ssl://127.0.0.1:" + port;
        TlsSettings tls = new TlsSettings(trust.toString(), STORE_PASSWORD, "", "", true);

        MqttTransport transport = start(uri, tls);
        assertThat(awaitReady(transport, 20_000)).as("connected over TLS; state: %s", transport.describeState()).isTrue();
        assertThat(transport.describeState()).isEqualTo("connected to " + uri + " from 127.0.0.1"); // the TLS socket recorded too

        // an independent client, verifying the same server, sees the gateway's retained birth message
        assertThat(retainedStatus(uri, tls, MqttSettings.of(uri, "gw-tls", "tls").statusTopic(), 10)).contains("\"state\":\"online\"");
    }

    @Test
    void aWrongTrustStoreNeverConnectsAndSaysWhy() throws Exception {
        Path ca = newCa("ca", "Cabinet Test CA");
        Path rogue = newCa("rogue", "Somebody Else's CA");
        Path wrongTrust = trustStore(rogue, "wrong.p12");
        int port = startTlsBroker(ca, serverCert(ca, "server", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        String uri = "ssl://127.0.0.1:" + port;

        MqttTransport transport = start(uri, new TlsSettings(wrongTrust.toString(), STORE_PASSWORD, "", "", true));
        String state = awaitStateStartingWith(transport, "cannot connect", 20_000);
        assertThat(transport.ready()).isFalse();
        assertThat(state).as("the reason names the failed certificate check")
                .containsAnyOf("PKIX path building failed", "unable to find valid certification path");
        Thread.sleep(1500); // a few reconnect attempts with the same result
        assertThat(transport.ready()).isFalse();

        // the broker itself is fine: with the right trust store nothing from the gateway ever arrived
        Path rightTrust = trustStore(ca, "trust.p12");
        assertThat(retainedStatus(uri, new TlsSettings(rightTrust.toString(), STORE_PASSWORD, "", "", true),
                MqttSettings.of(uri, "gw-tls", "tls").statusTopic(), 2)).isNull();
    }

    @Test
    void aCertificateForAnotherHostIsRefusedWhileHostnameVerificationIsOn() throws Exception {
        Path ca = newCa("ca", "Cabinet Test CA");
        Path trust = trustStore(ca, "trust.p12");
        int port = startTlsBroker(ca, serverCert(ca, "elsewhere", "subjectAltName=DNS:elsewhere.example"));
        String uri = "ssl://127.0.0.1:" + port;

        MqttTransport strict = start(uri, new TlsSettings(trust.toString(), STORE_PASSWORD, "", "", true));
        String state = awaitStateStartingWith(strict, "cannot connect", 20_000);
        assertThat(strict.ready()).isFalse();
        assertThat(state).as("the reason names the host mismatch").containsIgnoringCase("127.0.0.1");

        // the same trusted certificate with hostname verification switched off (a documented choice) connects
        MqttTransport lenient = start(uri, new TlsSettings(trust.toString(), STORE_PASSWORD, "", "", false), "gw-lenient");
        assertThat(awaitReady(lenient, 20_000)).as("state: %s", lenient.describeState()).isTrue();
    }

    // ---- client certificates (mutual TLS): the broker requires one signed by its CA

    private static final String SAN = "subjectAltName=IP:127.0.0.1,DNS:localhost";

    @Test
    void aClientCertificateFromTheBrokersCaConnectsAndDelivers() throws Exception {
        Path ca = newCa("ca", "Cabinet Test CA");
        Path trust = trustStore(ca, "trust.p12");
        int port = startTlsBroker(ca, serverCert(ca, "server", SAN), true);
        String uri = "ssl://127.0.0.1:" + port;
        Path gatewayStore = pki.keyStore(pki.clientCert(ca, "gateway-1"), ca, "gateway.p12");
        TlsSettings tls = new TlsSettings(trust.toString(), STORE_PASSWORD, gatewayStore.toString(), STORE_PASSWORD, true);
        // the cloud side is another client with a certificate of its own
        Path cloudStore = pki.keyStore(pki.clientCert(ca, "cloud"), ca, "cloud.p12");
        TlsSettings cloudTls = new TlsSettings(trust.toString(), STORE_PASSWORD, cloudStore.toString(), STORE_PASSWORD, true);

        try (Cloud cloud = new Cloud(uri, cloudTls, "tls/#")) {
            MqttTransport transport = start(uri, tls);
            assertThat(awaitReady(transport, 20_000)).as("state: %s", transport.describeState()).isTrue();
            UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")), new UplinkEngine.Events() { });
            engines.add(engine);
            engine.addTransport(transport);
            Message m = Message.of("test", "mtls", Priority.EVENT, Map.of("n", 1));
            engine.publish(m);
            String got = cloud.awaitPayloadContaining(m.id(), 10);
            assertThat(got).as("delivered through the broker that demands client certificates")
                    .contains("\"id\":\"" + m.id() + "\"");
            assertThat(engine.awaitDrained(10_000)).isTrue();
        }
    }

    @Test
    void withoutAClientCertificateTheBrokerRefusesAndTheStateSaysWhy() throws Exception {
        Path ca = newCa("ca", "Cabinet Test CA");
        Path trust = trustStore(ca, "trust.p12");
        int port = startTlsBroker(ca, serverCert(ca, "server", SAN), true);
        String uri = "ssl://127.0.0.1:" + port;

        MqttTransport transport = start(uri, new TlsSettings(trust.toString(), STORE_PASSWORD, "", "", true));
        String state = awaitStateStartingWith(transport, "cannot connect", 20_000);
        assertThat(transport.ready()).isFalse();
        assertThat(state).as("the reason says a client certificate is missing, and where to configure one")
                .containsAnyOf("the server requires a client certificate: configure tls.key.store",
                        "a client certificate missing or refused")
                .doesNotContain("\tat ");
        Thread.sleep(1500); // a few reconnect attempts with the same result
        assertThat(transport.ready()).isFalse();
        assertThat(brokerLog(port)).as("the broker refused the handshake").isNotBlank();
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        Path ca = newCa("ca", "Cabinet Test CA");
        Path rogue = newCa("rogue", "Somebody Else's CA");
        Path trust = trustStore(ca, "trust.p12");
        int port = startTlsBroker(ca, serverCert(ca, "server", SAN), true);
        String uri = "ssl://127.0.0.1:" + port;
        Path rogueStore = pki.keyStore(pki.clientCert(rogue, "impostor"), rogue, "impostor.p12");

        MqttTransport transport = start(uri, new TlsSettings(trust.toString(), STORE_PASSWORD, rogueStore.toString(),
                STORE_PASSWORD, true));
        String state = awaitStateStartingWith(transport, "cannot connect", 20_000);
        assertThat(transport.ready()).isFalse();
        assertThat(state).as("the reason says the broker does not trust our certificate's CA")
                .containsAnyOf("the server does not trust the CA that issued our client certificate (tls.key.store)",
                        "the server refused our client certificate (tls.key.store)")
                .doesNotContain("\tat ");
        Thread.sleep(1500);
        assertThat(transport.ready()).isFalse();
    }

    /** An independent subscriber (its own Paho client and certificate), collecting payloads. */
    private static final class Cloud implements AutoCloseable {
        private final MqttClient client;
        private final LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();

        Cloud(String uri, TlsSettings tls, String filter) throws Exception {
            client = new MqttClient(uri, "cloud-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(tls.sslContext().getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(tls.verifyHostname());
            o.setConnectionTimeout(5);
            client.setTimeToWait(10_000);
            client.connect(o);
            client.subscribe(filter, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        }

        String awaitPayloadContaining(String text, int waitSeconds) throws InterruptedException {
            return Await.within(Duration.ofSeconds(waitSeconds), () -> got.poll(100, TimeUnit.MILLISECONDS),
                    p -> p != null && p.contains(text)).orElse(null);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    private String brokerLog(int port) throws IOException {
        LocalMosquitto broker = brokers.stream().filter(b -> b.port == port).findFirst().orElseThrow();
        return Files.readString(broker.log());
    }

    // ---- the transport

    private MqttTransport start(String uri, TlsSettings tls) throws Exception {
        return start(uri, tls, "gw-tls");
    }

    private MqttTransport start(String uri, TlsSettings tls, String clientId) throws Exception {
        MqttSettings s = MqttSettings.of(uri, clientId, "tls");
        MqttTransport t = new MqttTransport(new MqttSettings(s.serverUri(), s.clientId(), "", "", s.topicPrefix(), 1,
                s.window(), s.keepAliveSeconds(), 5, 100, 500, tls));
        transports.add(t);
        t.start();
        return t;
    }

    /** Whether the transport became ready within the time (the caller's assertion says its state if not). */
    private static boolean awaitReady(MqttTransport t, long timeoutMs) throws InterruptedException {
        try {
            Await.until("ready", Duration.ofMillis(timeoutMs), t::ready);
        } catch (AssertionError notInTime) {
            // reported by the caller, with the transport's state
        }
        return t.ready();
    }

    private static String awaitStateStartingWith(MqttTransport t, String prefix, long timeoutMs) throws InterruptedException {
        return Await.until("the transport state starting with '" + prefix + "'", Duration.ofMillis(timeoutMs),
                t::describeState, state -> state.startsWith(prefix));
    }

    /** The retained message on {@code topic} as an independent TLS client sees it, or null within the wait. */
    private static String retainedStatus(String uri, TlsSettings tls, String topic, int waitSeconds) throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (MqttClient cloud = new MqttClient(uri, "cloud-" + System.nanoTime(), new MemoryPersistence())) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(tls.sslContext().getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(tls.verifyHostname());
            o.setConnectionTimeout(5);
            cloud.setTimeToWait(10_000);
            cloud.connect(o);
            cloud.subscribe(topic, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            String status = got.poll(waitSeconds, TimeUnit.SECONDS);
            cloud.disconnect();
            return status;
        }
    }

    // ---- certificates and the broker

    private int startTlsBroker(Path ca, Path serverCrt) throws Exception {
        return startTlsBroker(ca, serverCrt, false);
    }

    /** {@code requireClientCertificate}: clients must present a certificate signed by {@code ca}. */
    private int startTlsBroker(Path ca, Path serverCrt, boolean requireClientCertificate) throws Exception {
        LocalMosquitto broker = new LocalMosquitto(dir.resolve("broker-" + brokers.size()));
        brokers.add(broker);
        // the TLS lines follow the broker's listener line, so they make that listener a TLS one
        broker.start("cafile " + ca + "\n" + "certfile " + serverCrt + "\n" + "keyfile " + TestPki.key(serverCrt)
                + "\n" + (requireClientCertificate ? "require_certificate true\n" : "") + "allow_anonymous true\n"
                + "persistence false\n");
        return broker.port;
    }
}

package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    Path dir;

    private final List<Process> brokers = new ArrayList<>();
    private final List<MqttTransport> transports = new ArrayList<>();

    @BeforeEach
    void tools() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mosquitto")),
                "Mosquitto is not installed: apt-get install -y mosquitto");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed: apt-get install -y openssl");
    }

    @AfterEach
    void stop() throws InterruptedException {
        transports.forEach(MqttTransport::close);
        for (Process p : brokers) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
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
        assertThat(transport.describeState()).isEqualTo("connected to " + uri);

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

    private static boolean awaitReady(MqttTransport t, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!t.ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return t.ready();
    }

    private static String awaitStateStartingWith(MqttTransport t, String prefix, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String state = t.describeState();
        while (!state.startsWith(prefix) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = t.describeState();
        }
        assertThat(state).as("transport state").startsWith(prefix);
        return state;
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

    /** A self-signed CA (EC P-256, valid two days); returns its certificate, the key lies beside it. */
    private Path newCa(String name, String commonName) throws Exception {
        Path crt = dir.resolve(name + ".crt");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", crt.toString(), "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return crt;
    }

    /** A server certificate signed by {@code ca} with the given extensions; returns its certificate. */
    private Path serverCert(Path ca, String name, String subjectAltName) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        Path ext = Files.writeString(dir.resolve(name + ".ext"), subjectAltName + "\nextendedKeyUsage=serverAuth\n");
        String caKey = ca.toString().replaceFirst("\\.crt$", ".key");
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey,
                "-CAcreateserial", "-out", crt.toString(), "-days", "2", "-extfile", ext.toString());
        return crt;
    }

    private Path trustStore(Path caCert, String fileName) throws Exception {
        Path store = dir.resolve(fileName);
        if (!Files.exists(store)) {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
                    store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        }
        return store;
    }

    private int startTlsBroker(Path ca, Path serverCrt) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(dir.resolve("mosquitto-" + port + ".conf"), "listener " + port + " 127.0.0.1\n"
                + "cafile " + ca + "\n" + "certfile " + serverCrt + "\n"
                + "keyfile " + serverCrt.toString().replaceFirst("\\.crt$", ".key") + "\n"
                + "allow_anonymous true\n" + "persistence false\n" + user);
        Path log = dir.resolve("mosquitto-" + port + ".log");
        Process p = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        brokers.add(p);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return port;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + ": " + Files.readString(log));
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}

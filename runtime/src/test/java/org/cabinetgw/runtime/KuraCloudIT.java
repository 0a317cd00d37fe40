package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.Protoc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar as a Kura cloud (Kapua, Everyware Cloud) sees it, with only Debian's tools on the other side:
 * {@code mosquitto_sub} captures, {@code protoc} (with the uplink's schema) decodes and encodes,
 * {@code mosquitto_pub} sends a DEPLOY-V2 request the way Kapua's console does. The site file sets the account
 * and {@code cloud.protocol=KURA}, nothing else Kura-specific. BIRTH at start with DEPLOY-V2 among the
 * applications, the real deploy agent answering {@code GET packages} with an INT32 {@code response.code} and
 * Kura's XML document, a STRING {@code job.id} refused with 400 naming it, DC at an orderly stop, LWT on kill -9.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KuraCloudIT {

    private static final Path SCHEMA = GatewayProcess.MODULE.resolve("../bundles/uplink/src/main/resources/kura")
            .toAbsolutePath().normalize();
    private static final String CLIENT = "KURA-IT-" + ProcessHandle.current().pid();

    @TempDir
    Path data;

    private final List<Process> captures = new ArrayList<>();

    @AfterEach
    void stopCaptures() {
        captures.forEach(Process::destroyForcibly);
    }

    private Path site(int port) throws Exception {
        return Files.writeString(Files.createDirectories(data.resolve("test-site")).resolve("site.json"), """
                {"org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d", "client.id": "%s",
                  "cloud.protocol": "KURA", "kura.account.name": "ACME", "kura.gzip": false}}
                """.formatted(port, CLIENT));
    }

    /** One message on {@code topic}, its bytes exactly, into {@code file}. */
    private Process capture(int port, String topic, Path file) throws Exception {
        Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", topic,
                "-q", "1", "-C", "1", "-N").redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        captures.add(p);
        return p;
    }

    /** Whether a decoded BIRTH or APPS lists {@code app} in its comma-separated {@code application_ids}. */
    private static boolean namesApplication(String decoded, String app) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("name: \"application_ids\"\\s+type: STRING\\s+string_value: \"([^\"]*)\"").matcher(decoded);
        return m.find() && List.of(m.group(1).split(",")).contains(app);
    }

    /** Every message on {@code topic} into {@code file}, its bytes as hex, one line each (mosquitto_sub -F %x). */
    private Process captureEach(int port, String topic, Path file) throws Exception {
        Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", topic,
                "-q", "1", "-F", "%x").redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        captures.add(p);
        return p;
    }

    /** Waits for an APPS message (as protoc decodes it) that names {@code app}. */
    private void awaitAppsNaming(String app, Path hexLines) throws Exception {
        List<String> seen = new ArrayList<>();
        boolean named = Await.within(Duration.ofSeconds(90), () -> {
            // only whole lines: the last one may still be being written
            String[] lines = Files.readString(hexLines).split("\n", -1);
            for (int i = seen.size(); i < lines.length - 1; i++) {
                Path one = hexLines.resolveSibling("apps-" + i + ".bin");
                Files.write(one, java.util.HexFormat.of().parseHex(lines[i].trim()));
                String decoded = decoded(one);
                seen.add(decoded);
                if (namesApplication(decoded, app)) {
                    return true;
                }
            }
            return false;
        }, Boolean.TRUE::equals).isPresent();
        if (!named) {
            throw new AssertionError("no APPS naming " + app + " within 90 s; saw " + seen);
        }
    }

    /** protoc with the uplink's schema, its inputs written under the test's directory. */
    private Protoc protoc() {
        return new Protoc(SCHEMA, data);
    }

    /** The KuraPayload in {@code file} (a capture) as protoc decodes it. */
    private String decoded(Path file) throws Exception {
        return protoc().decode(Files.readAllBytes(file));
    }

    /** {@code text} encoded by protoc, into {@code file} (for mosquitto_pub -f). */
    private Path encoded(String text, Path file) throws Exception {
        return Files.write(file, protoc().encode(text));
    }

    private static void await(Process capture, String what) throws InterruptedException {
        assertThat(capture.waitFor(90, TimeUnit.SECONDS)).as(what).isTrue();
    }

    @Test
    void birthDeployV2RepliesDcAndLwtAsKapuaReadsThem() throws Exception {
        Assumptions.assumeTrue(TestBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        Assumptions.assumeTrue(Protoc.installed(), "apt-get install protobuf-compiler");
        try (TestBroker broker = TestBroker.start(data.resolve("test-broker"))) {
            String edc = "$EDC/ACME/" + CLIENT;
            Process birth = capture(broker.port, edc + "/MQTT/BIRTH", data.resolve("birth.bin"));
            Process reply = capture(broker.port, "$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/-77", data.resolve("reply.bin"));
            Process dc = capture(broker.port, edc + "/MQTT/DC", data.resolve("dc.bin"));
            // every APPS from the start on, one per line: the apps register one by one after the BIRTH
            Process apps = captureEach(broker.port, edc + "/MQTT/APPS", data.resolve("apps.hex"));
            Thread.sleep(500);
            try (GatewayProcess gw = GatewayProcess.start(data, "--config", site(broker.port).toString())) {
                await(birth, "a BIRTH");
                String b = decoded(data.resolve("birth.bin"));
                assertThat(b).contains("name: \"kura_version\"", "name: \"connection_ip\"",
                        "string_value: \"org.apache.felix.framework\"");
                // the deploy agent may register after the first BIRTH: then APPS says it
                if (!namesApplication(b, "DEPLOY-V2")) {
                    awaitAppsNaming("DEPLOY-V2", data.resolve("apps.hex"));
                }
                apps.destroy();

                // the request as Kapua's console sends it: typed metrics, a negative request id as text
                Path request = encoded("""
                        timestamp: 1780000000000
                        metric { name: "request.id" type: STRING string_value: "-77" }
                        metric { name: "requester.client.id" type: STRING string_value: "kapua-console" }
                        """, data.resolve("request.bin"));
                Await.within(Duration.ofSeconds(60), () -> {
                    // sent again until answered: the agent's subscription may follow the BIRTH by a moment
                    Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p",
                            Integer.toString(broker.port), "-q", "1", "-t", edc + "/DEPLOY-V2/GET/packages", "-f",
                            request.toString()).redirectErrorStream(true).start();
                    pub.waitFor(10, TimeUnit.SECONDS);
                    return reply.waitFor(2, TimeUnit.SECONDS); // the capture exits with the reply
                }, Boolean.TRUE::equals);
                await(reply, "a REPLY to GET packages");
                String r = decoded(data.resolve("reply.bin"));
                assertThat(r).contains("name: \"response.code\"\n  type: INT32\n  int_value: 200");
                // Kura's XML document, as Kapua's console parses it: the seed packages with their bundles
                assertThat(r).contains("body: \"<?xml").contains("<packages><package><name>org.cabinetgw.feature.")
                        .contains("<bundles><bundle><name>org.cabinetgw.");

                // job.id as a STRING (Kura sends INT64): 400 naming the metric, decoded by protoc
                Process refused = capture(broker.port, "$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/-78",
                        data.resolve("refused.bin"));
                Thread.sleep(300);
                Path bad = encoded("""
                        metric { name: "request.id" type: STRING string_value: "-78" }
                        metric { name: "requester.client.id" type: STRING string_value: "kapua-console" }
                        metric { name: "dp.uri" type: STRING string_value: "https://repo.example/x.dp" }
                        metric { name: "dp.name" type: STRING string_value: "org.example.x" }
                        metric { name: "dp.version" type: STRING string_value: "1.0.0" }
                        metric { name: "job.id" type: STRING string_value: "42" }
                        """, data.resolve("bad.bin"));
                Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port),
                        "-q", "1", "-t", edc + "/DEPLOY-V2/EXEC/download", "-f", bad.toString())
                        .redirectErrorStream(true).start();
                pub.waitFor(10, TimeUnit.SECONDS);
                await(refused, "a REPLY to the STRING job.id");
                assertThat(decoded(data.resolve("refused.bin")))
                        .contains("name: \"response.code\"\n  type: INT32\n  int_value: 400")
                        .contains("string_value: \"job.id must be of type INT64, was STRING\"");

                assertThat(gw.stop()).as("an orderly stop").isTrue();
                await(dc, "a DC at the orderly stop");
                assertThat(decoded(data.resolve("dc.bin")))
                        .contains("name: \"uptime\"");
            }

            Process lwt = capture(broker.port, edc + "/MQTT/LWT", data.resolve("lwt.bin"));
            Process birth2 = capture(broker.port, edc + "/MQTT/BIRTH", data.resolve("birth2.bin"));
            Thread.sleep(500);
            try (GatewayProcess again = GatewayProcess.start(data, "--config", site(broker.port).toString())) {
                await(birth2, "a BIRTH after the restart");
                again.kill();
                await(lwt, "the LWT after kill -9");
                assertThat(decoded(data.resolve("lwt.bin")))
                        .contains("name: \"display_name\"");
            }
        }
    }
}

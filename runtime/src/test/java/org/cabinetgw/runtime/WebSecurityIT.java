package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 21 against the real jar, each as an attacker makes it: a page of another site posting
 * with the administrator's browser, TRACE echoing the credentials, secrets read off the console's status
 * pages, thousands of password guesses, the configuration read by another user of the machine.
 */
class WebSecurityIT {

    /** Secrets a site file gives the gateway; none may appear on any page. */
    private static final List<String> SECRETS = List.of("MQTT-SECRET-1", "BEARER-SECRET-2", "TRUST-SECRET-3");

    @TempDir
    static Path dir;
    private static GatewayProcess gw;
    private static String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        Path site = Files.writeString(dir.resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "secrets.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:1", "username": "u",
                     "password": "MQTT-SECRET-1", "allow.cleartext.credentials": true},
                 "org.cabinetgw.uplink.http": {"endpoint": "http://127.0.0.1:2/in", "bearer.token": "BEARER-SECRET-2",
                     "allow.cleartext.credentials": true},
                 "org.cabinetgw.deploy.agent": {"trust.store.password": "TRUST-SECRET-3"}}
                """);
        gw = GatewayProcess.start(dir.resolve("data"), "--config", site.toString());
        gw.awaitShippedPackages();
        password = gw.printedPassword();
        assertThat(gw.awaitConsole("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aPageOfAnotherSiteCannotUseTheAdministratorsBrowser() throws Exception {
        String own = "http://127.0.0.1:" + gw.port;
        String bundle = "/system/console/bundles/org.apache.felix.gogo.command";
        // the forged form: stop a bundle from evil.example (a browser adds the cached Basic credentials)
        HttpResponse<String> forged = send("POST", bundle, "action=stop", "Origin", "http://evil.example");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("cross-site request refused");
        assertThat(bundleState()).as("the bundle still runs").isEqualTo("Active");
        assertThat(send("POST", bundle, "action=stop", "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(send("POST", bundle, "action=stop", "Referer", "http://evil.example/x").statusCode()).isEqualTo(403);
        // a drill from another site never reaches the failover servlet
        HttpResponse<String> drill = send("POST", "/failover/drill/uplink", "", "Origin", "http://evil.example");
        assertThat(drill.statusCode()).isEqualTo(403);
        assertThat(drill.body()).contains("cross-site");

        // the console's own page posting: accepted
        assertThat(send("POST", bundle, "action=stop", "Origin", own).statusCode()).isEqualTo(200);
        assertThat(bundleState()).isEqualTo("Resolved");
        // curl or a script (neither header; a browser always sends one of them on a cross-site post): accepted
        assertThat(send("POST", bundle, "action=start", null, null).statusCode()).isEqualTo(200);
        assertThat(bundleState()).isEqualTo("Active");
        HttpResponse<String> ownDrill = send("POST", "/failover/drill/nothing", "", "Referer", own + "/system/console");
        assertThat(ownDrill.statusCode()).as("reaches the servlet, which names the drills").isEqualTo(400);
    }

    @Test
    void traceIsRefusedAndEchoesNoCredentials() throws Exception {
        for (String path : new String[] { "/system/console/bundles", "/health", "/failover" }) {
            HttpResponse<String> trace = send("TRACE", path, null, null, null);
            assertThat(trace.statusCode()).as(path).isEqualTo(405);
            assertThat(trace.body()).as(path).doesNotContain("Authorization").doesNotContain(password);
        }
    }

    @Test
    void noAnswerMayBeFramedOrSniffed() throws Exception {
        for (String path : new String[] { "/health", "/system/console/bundles", "/failover", "/no/such/page" }) {
            for (String user : new String[] { null, "admin" }) {
                HttpResponse<String> r = user == null ? gw.get(path, null, null) : gw.get(path, user, password);
                assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue("frame-ancestors 'none'");
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            }
        }
    }

    @Test
    void theConsolesPagesShowNoSecret() throws Exception {
        String[] pages = { "status-scr", "status-Services", "status-Configurations", "status-Framework%20Properties",
                "status-System%20Properties", "configMgr", "components", "services",
                "status-scr.txt", "status-scr.json", "status-Services.txt", "status-Services.json" };
        for (String page : pages) {
            HttpResponse<String> r = gw.get("/system/console/" + page, "admin", password);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            for (String secret : SECRETS) {
                assertThat(r.body()).as(page).doesNotContain(secret);
            }
            // nor the console password's hash
            assertThat(r.body()).as(page).doesNotContain("{sha-256}").doesNotContain("pbkdf2-sha256}");
        }
        // the support download: every status page in one zip
        HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create(
                gw.url("/system/console/status-scr/configuration-status-20260101-000000.zip")))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                entries++;
                for (String secret : SECRETS) {
                    assertThat(text).as(e.getName()).doesNotContain(secret);
                }
            }
        }
        assertThat(entries).as("status pages in the download").isGreaterThan(5);
        // the pages that printed them still print the settings, masked
        assertThat(gw.get("/system/console/status-scr", "admin", password).body())
                .contains("password=********").contains("bearer.token=********").contains("server.uri=tcp://127.0.0.1:1");
    }

    @Test
    void guessingIsThrottledLoggedAndTheLogHoldsNoPassword() throws Exception {
        int unauthorized = 0;
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            int status = gw.get("/system/console/bundles", "admin", "guess-" + i).statusCode();
            unauthorized += status == 401 ? 1 : 0;
            throttled += status == 429 ? 1 : 0;
        }
        assertThat(unauthorized).as("guesses looked at").isBetween(6, 8);
        assertThat(throttled).isGreaterThanOrEqualTo(32);
        // locked out: even the right password waits (no way to learn that a guess was right)
        HttpResponse<String> right = gw.get("/system/console/bundles", "admin", password);
        assertThat(right.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 16L);
        // the admin context of the gateway's own endpoints is the same login, the same lock
        assertThat(send("POST", "/failover/drill/nothing", "", null, null).statusCode()).isEqualTo(429);
        // /health needs no login and stays open to the locked-out address (monitoring)
        assertThat(gw.get("/health", null, null).statusCode()).isIn(200, 503);

        String log = gw.output() + Files.readString(gw.data.resolve("logs").resolve("cabinetgw.log"));
        assertThat(log).contains("WARN").contains("Failed login from 127.0.0.1").doesNotContain("guess-");

        Thread.sleep(retryAfter * 1000 + 300);
        assertThat(gw.get("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);
    }

    @Test
    void credentialsAllowedInClearAreShownInHealthAndTheLog() throws Exception {
        String health = gw.awaitHealthWhere(b -> b.contains("uplink.mqtt.credentials") && b.contains("uplink.http.credentials"),
                "both transports' cleartext warnings").body();
        assertThat(health).contains("password is sent in clear over tcp://127.0.0.1:1")
                .contains("bearer.token is sent in clear over http://127.0.0.1:2/in");
        for (String secret : SECRETS) {
            assertThat(health).doesNotContain(secret);
            assertThat(gw.output()).doesNotContain(secret);
        }
        assertThat(gw.output()).contains("WARN").contains("is sent in clear");
    }

    @Test
    void theDataDirectoryIsPrivateToTheGatewaysUser() throws Exception {
        assertThat(mode(gw.data)).isEqualTo("rwx------");
        assertThat(mode(gw.data.resolve("etc/console.credentials"))).isEqualTo("rw-------");
        assertThat(Files.readString(gw.data.resolve("etc/console.credentials"))).contains("{pbkdf2-sha256}")
                .doesNotContain(password);
    }

    @Test
    void anEarlierVersionsDataDirectoryIsMadePrivateAndItsUnsaltedHashReplacedAtTheFirstLogin() throws Exception {
        // what an earlier version left: <data> 0755 (umask 022), the console password as unsalted SHA-256
        Path old = Files.createDirectories(dir.resolve("old-data/etc")).getParent();
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        String sha256 = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest("an-old-password".getBytes(StandardCharsets.UTF_8)));
        Path credentials = old.resolve("etc/console.credentials");
        Files.writeString(credentials, "user=admin\npassword={sha-256}" + sha256.replace("=", "\\=") + "\n");
        try (GatewayProcess earlier = GatewayProcess.start(old)) {
            earlier.awaitHealth();
            assertThat(earlier.printedPassword()).as("no new password").isNull();
            assertThat(earlier.output()).contains("was open to other users (rwxr-xr-x); made it private");
            assertThat(mode(old)).isEqualTo("rwx------");
            assertThat(earlier.awaitConsole("/system/console/bundles", "admin", "an-old-password").statusCode())
                    .isEqualTo(200);
            String stored = Files.readString(credentials);
            assertThat(stored).contains("{pbkdf2-sha256}").doesNotContain(sha256.substring(0, 20));
            assertThat(mode(credentials)).isEqualTo("rw-------");
            // the same password, now checked against the new hash
            assertThat(earlier.get("/system/console/bundles", "admin", "an-old-password").statusCode()).isEqualTo(200);
            assertThat(earlier.get("/system/console/bundles", "admin", "an-old-passwore").statusCode()).isEqualTo(401);
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private String bundleState() throws Exception {
        String json = gw.get("/system/console/bundles/org.apache.felix.gogo.command.json", "admin", password).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"state\":\"(\\w+)\"").matcher(json);
        return m.find() ? m.group(1) : json;
    }

    /** A request with the administrator's credentials, as a browser holding them would send it. */
    private HttpResponse<String> send(String method, String path, String form, String header, String value)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (header != null) {
            b.header(header, value);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

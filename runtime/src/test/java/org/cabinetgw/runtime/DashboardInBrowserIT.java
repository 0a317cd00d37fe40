package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The cabinet dashboard as a person sees it: the real demo jar (simulated cabinet), a real headless
 * Chromium driven over the DevTools protocol. The page loads without a console error, shows the state and
 * every section, follows a mains outage within seconds, shows a lost connection and recovers, refuses a
 * drill without credentials and shows a hostile name as text; its live stream comes back after the dashboard
 * bundle and after Jetty restart. Screenshots: target/dashboard/*.png.
 */
class DashboardInBrowserIT {

    static final Path SHOTS = GatewayProcess.MODULE.resolve("target/dashboard");
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    /** What the demo's disk reports as its model (a drive's firmware writes any text); not HOSTILE, which comes later. */
    static final String HOSTILE_MODEL = "<img src=y onerror=alert(2)>";
    /** Records each power state the page's power section shows, in order (window.__powerStates). */
    static final String RECORD_POWER_STATES = "window.__powerStates = []; window.__powerLines = [];"
            + "(function () { var sec = document.getElementById('sec-power');"
            + "  function look() { var p = sec.querySelector('p'); var m = p && /Fed by (\\S+)/.exec(p.textContent);"
            + "    var s = window.__powerStates; if (m && s[s.length - 1] !== m[1]) { s.push(m[1]); }"
            + "    var l = window.__powerLines; if (p && l[l.length - 1] !== p.textContent) { l.push(p.textContent); } }"
            + "  look(); new MutationObserver(look).observe(sec, { childList: true, subtree: true, characterData: true }); })();"
            + "true";

    @TempDir
    Path data;

    @Test
    void theDashboardShowsTheSimulatedCabinetLive() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Chromium.BINARY), "chromium is not installed (apt-get install chromium)");
        awaitDemoPortsFree();
        // --shell: the Gogo shell reads the test's commands (storage:sim) from the gateway's stdin
        Path site = diskSite(data);
        try (GatewayProcess gw = GatewayProcess.start(GatewayProcess.DEMO_JAR, data, "--shell", "--config", site.toString());
                Chromium browser = Chromium.start(data.resolve("chromium"))) {
            gw.awaitShippedPackages();
            String password = gw.printedPassword();
            String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));

            // the root leads to the dashboard; nothing of it is readable without the administrator
            HttpResponse<String> root = gw.get("/", null, null);
            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("Location").orElse("")).endsWith("/cabinet/");
            assertThat(gw.get("/cabinet/api/snapshot", null, null).statusCode()).isEqualTo(401);
            assertThat(gw.get("/cabinet/", null, null).statusCode()).isEqualTo(401);

            // a calm cabinet first: the demo starts with its outage scenario playing
            gw.await("/sim/power", 200, 60_000);
            sim(gw, password, "scenario stop");
            sim(gw, password, "generator off");
            sim(gw, password, "mains on");
            sim(gw, password, "ups line");
            sim(gw, password, "ups charge 100");
            awaitPowerState(gw, password, "ON_MAINS");

            browser.authorization(admin);
            browser.navigate(gw.url("/cabinet/"));
            browser.await("document.getElementById('connection').dataset.state === 'live'", 20_000);
            // the calm demo cabinet reads NORMAL: power on mains, both links up (the cellular one probes every 5 s)
            try {
                browser.await("document.getElementById('cabinet-state').textContent === 'NORMAL'", 90_000);
            } catch (AssertionError e) {
                throw new AssertionError("the calm cabinet is not NORMAL: " + browser.text("document.getElementById('findings').textContent"), e);
            }
            browser.await("document.querySelectorAll('#sec-power tbody tr').length >= 3", 20_000);
            browser.await("document.querySelector('#plot-power-voltage .uplot') !== null", 20_000);
            assertThat(browser.text("document.getElementById('cabinet-state').textContent")).isIn("NORMAL", "DEGRADED", "CRITICAL");
            for (String section : List.of("power", "network", "storage", "uplink", "failover", "software")) {
                assertThat(browser.text("document.getElementById('sec-" + section + "').dataset.available"))
                        .as(section).isEqualTo("ok");
            }
            assertThat(browser.text("document.querySelectorAll('#findings .dim').length + ''")).isEqualTo("6");
            assertThat(browser.text("document.querySelector('#findings [data-dimension=HARDWARE]').textContent"))
                    .contains("no HA pair");
            assertThat(browser.text("document.querySelector('#sec-power').textContent")).contains("ON_MAINS")
                    .contains("mains").contains("generator").contains("ups");
            assertThat(browser.errors).as("console errors while loading").isEmpty();
            // the deployment journal is the deploy bundle's (DeploymentHistory), not the events since the page's bundle
            // started; the demo jar embeds every bundle, so it has deployed nothing (ShippedCapabilitiesIT: the seeds)
            assertThat(browser.text("document.querySelector('#sec-software').textContent"))
                    .contains("Deployment journal").contains("No deployment yet.").doesNotContain("since the dashboard started");
            // the filesystems' free space (the storage feature watches /), in the table and plotted
            browser.await("document.querySelector('#plot-storage-free .uplot') !== null", 30_000);
            assertThat(browser.text("document.querySelector('#sec-storage').textContent")).contains("root").contains("Free (%)");
            // the demo's RAID array from the storage bundle's ArrayStatus: state, level, each member with its role
            browser.await("memberRole('sdb1') === 'in sync'".replace("memberRole", MEMBER_ROLE), 30_000);
            assertThat(browser.text("document.querySelector('#sec-storage').textContent")).contains("md0").contains("raid1");
            // the disk the site watches, from its DiskStatus: the SMART verdict, temperature, reallocated sectors, and
            // the model the drive reports shown as text
            browser.await("document.querySelector('#sec-storage').textContent.includes('PASSED')", 30_000);
            String disks = browser.text("Array.from(document.querySelectorAll('#sec-storage table')).find(function (t) {"
                    + " return t.textContent.includes('Reallocated'); }).querySelector('tbody tr').textContent");
            assertThat(disks).contains("sys").contains("/dev/sdq").contains(HOSTILE_MODEL).contains("PASSED").contains("43")
                    .contains("14");
            assertThat(browser.text("document.querySelectorAll('img').length + ''")).isEqualTo("0");
            assertThat(browser.text(CUT_OFF_CARDS)).as("cards whose content is cut off at their edge (desktop)").isEmpty();
            // the events as a person reads them: clock times and durations, not epoch milliseconds
            browser.await("document.querySelectorAll('#sec-events tbody tr').length > 3", 20_000);
            assertThat(browser.text("document.querySelector('#sec-events').textContent")).doesNotContainPattern("=1\\d{12}\\b");
            browser.screenshot(SHOTS.resolve("1-desktop-normal.png"), true);
            browser.screenshot(SHOTS.resolve("1-desktop-normal-top.png"), false);

            // the demo's own outage scenario (shortened): mains fails and the UPS bridges, the generator starts and the
            // transfer switch feeds the cabinet from it, mains comes back. Every power state the page shows is recorded
            // as it appears (the page re-renders on each event), so a short state is not missed between two looks.
            browser.eval(RECORD_POWER_STATES);
            sim(gw, password, "scenario outage 8 20 2 3");
            long apiChanged = awaitPowerState(gw, password, "ON_UPS_BATTERY");
            long shown = browser.await("document.querySelector('#sec-power p').textContent.includes('ON_UPS_BATTERY')", 15_000);
            System.out.printf("outage: the api showed ON_UPS_BATTERY after %d ms, the page %d ms after that%n", apiChanged, shown);
            assertThat(shown).as("ms from the api to the page").isLessThan(3_000);
            browser.await("document.querySelector('#findings [data-dimension=POWER]').textContent.match(/DEGRADED|CRITICAL/) !== null", 15_000);
            browser.screenshot(SHOTS.resolve("2-desktop-outage.png"), true);
            browser.screenshot(SHOTS.resolve("2-desktop-outage-top.png"), false);
            browser.await("document.querySelector('#sec-power p').textContent.includes('ON_GENERATOR')", 30_000);
            browser.await("document.querySelector('#sec-power').textContent.includes('TRANSFER') || "
                    + "document.querySelector('#sec-power').textContent.includes('UPS_BRIDGED')", 20_000);
            browser.screenshot(SHOTS.resolve("2a-desktop-on-generator-top.png"), false);
            browser.await("document.querySelector('#sec-power p').textContent.includes('ON_MAINS')", 45_000);
            String seen = browser.text("window.__powerStates.join(' ')");
            System.out.println("outage scenario: the page showed " + seen);
            assertThat(seen).as("the power states the page showed, in order")
                    .containsPattern("ON_UPS_BATTERY.*ON_GENERATOR.*ON_MAINS");
            // never fed by a source the same line calls LOST: one back in its restore delay is RETURNING
            String lines = browser.text("window.__powerLines.join('\\n')");
            System.out.println("outage scenario: the power lines the page showed:\n" + lines);
            for (String line : lines.split("\n")) {
                if (line.contains("Fed by ON_GENERATOR")) {
                    assertThat(line).as("fed by the generator").doesNotContain("GENERATOR LOST").doesNotContain("GENERATOR UNKNOWN");
                } else if (line.contains("Fed by ON_MAINS")) {
                    assertThat(line).as("fed by mains").doesNotContain("MAINS LOST").doesNotContain("MAINS UNKNOWN");
                }
            }
            assertThat(lines).as("the generator shown returning while it fed the cabinet in its restore delay")
                    .contains("GENERATOR RETURNING");

            // a failed RAID member, then a new disk: the rebuild progresses on the page
            gogo(gw, "storage:sim fail sdb1");
            browser.await("memberRole('sdb1') === 'faulty'".replace("memberRole", MEMBER_ROLE), 20_000);
            browser.await("document.querySelector('#findings [data-dimension=STORAGE]').textContent.match(/DEGRADED|CRITICAL/) !== null", 20_000);
            gogo(gw, "storage:sim remove sdb1");
            gogo(gw, "storage:sim add sdc1");
            browser.await("document.querySelector('#sec-storage [role=progressbar]') !== null", 30_000);
            browser.await("memberRole('sdc1') === 'rebuilding'".replace("memberRole", MEMBER_ROLE), 20_000);
            int first = Integer.parseInt(browser.text("document.querySelector('#sec-storage [role=progressbar]').getAttribute('aria-valuenow')"));
            browser.await("document.querySelector('#sec-storage [role=progressbar]') !== null && "
                    + "+document.querySelector('#sec-storage [role=progressbar]').getAttribute('aria-valuenow') > " + first, 60_000);
            browser.screenshot(SHOTS.resolve("2b-desktop-rebuild.png"), true);
            browser.viewport(1100, 1250, false); // the README's picture: state, findings, power with its plots
            Thread.sleep(500);
            browser.screenshot(SHOTS.resolve("readme.png"), false);

            // the same page on a phone
            browser.viewport(390, 844, true);
            Thread.sleep(500);
            browser.screenshot(SHOTS.resolve("3-phone.png"), true);
            browser.screenshot(SHOTS.resolve("3-phone-top.png"), false);
            assertThat(browser.eval("document.documentElement.scrollWidth <= 400").getAsBoolean())
                    .as("no sideways scrolling on a phone").isTrue();
            assertThat(browser.text(CUT_OFF_CARDS)).as("cards whose content is cut off at their edge (phone)").isEmpty();
            browser.viewport(1280, 900, false);
            assertThat(browser.errors).as("console errors while live").isEmpty();

            // the stream ends when the dashboard bundle restarts: the page says so, then comes back by itself
            long id = bundleId(gw, password, "org.cabinetgw.dashboard");
            console(gw, password, "/system/console/bundles/" + id, "action=stop");
            browser.await("document.getElementById('connection').dataset.state === 'lost'", 15_000);
            browser.screenshot(SHOTS.resolve("4-connection-lost.png"), true);
            browser.screenshot(SHOTS.resolve("4-connection-lost-top.png"), false);
            int errorsBefore = browser.errors.size();
            console(gw, password, "/system/console/bundles/" + id, "action=start");
            browser.await("document.getElementById('connection').dataset.state === 'live'", 30_000);
            // and when the gateway's HTTP bundle (Jetty) restarts: the console goes with it, so through the shell
            long jetty = bundleId(gw, password, "org.apache.felix.http.jetty");
            gogo(gw, "felix:stop " + jetty);
            browser.await("document.getElementById('connection').dataset.state === 'lost'", 15_000);
            gogo(gw, "felix:start " + jetty);
            browser.await("document.getElementById('connection').dataset.state === 'live'", 45_000);
            System.out.println("while the dashboard and Jetty were away the browser logged: " + browser.errorsSince(errorsBefore));
            errorsBefore = browser.errors.size();

            // a hostile name reaches the page as text: a power meter renamed to it (the demo's generator meter)
            console(gw, password, "/system/console/configMgr/org.cabinetgw.power.meter~generator",
                    "apply=true&action=ajaxConfigManager&propertylist=meter.name&meter.name="
                            + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8));
            browser.eval("window.__alerts = 0; window.alert = function () { window.__alerts++; }; true");
            browser.await("document.body.textContent.includes('" + HOSTILE + "')", 30_000);
            assertThat(browser.text("document.querySelectorAll('img').length + '/' + window.__alerts")).isEqualTo("0/0");
            browser.screenshot(SHOTS.resolve("5-hostile-name.png"), true);
            browser.screenshot(SHOTS.resolve("5-hostile-name-top.png"), false);
            assertThat(browser.errorsSince(errorsBefore)).as("console errors").isEmpty();

            // read without login on a trusted network; a drill still needs the administrator
            console(gw, password, "/system/console/configMgr/org.cabinetgw.dashboard",
                    "apply=true&action=ajaxConfigManager&propertylist=allow.anonymous.read,sample.seconds,history.minutes,"
                            + "max.series,max.streams&allow.anonymous.read=true&sample.seconds=5&history.minutes=60"
                            + "&max.series=96&max.streams=8");
            awaitAnonymousRead(gw);
            browser.authorization(null);
            browser.declineLogins("/failover/");
            browser.navigate(gw.url("/cabinet/"));
            browser.await("document.getElementById('drill-link') !== null", 20_000);
            browser.eval("document.getElementById('drill-link').click(); true");
            browser.eval("document.getElementById('drill-link-confirm').click(); true");
            try {
                browser.await("document.getElementById('drill-result').textContent.includes('refused')", 15_000);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; it shows: " + browser.text("document.getElementById('drill-result').textContent")
                        + " / " + browser.text("document.getElementById('sec-failover').textContent.substring(0, 300)") + "; errors: " + browser.errors);
            }
            assertThat(browser.text("document.getElementById('drill-result').textContent")).contains("HTTP 401");
            browser.screenshot(SHOTS.resolve("6-drill-refused.png"), true);
            browser.screenshot(SHOTS.resolve("6-drill-refused-top.png"), false);
        }
    }

    /**
     * A script: the ids of the cards whose content is wider than the card (a table cut off at the card's edge, readable
     * only by scrolling it sideways; the screenshots showed the power, network and uplink tables cut so), '' when none.
     */
    static final String CUT_OFF_CARDS = "Array.from(document.querySelectorAll('.card')).filter(function (c) {"
            + " return c.scrollWidth > c.clientWidth + 1; }).map(function (c) { return c.id + ' ' + c.scrollWidth + '>' + c.clientWidth; }).join(', ')";

    /** A script's function: the role word the arrays table shows for that member device ('' when not listed). */
    static final String MEMBER_ROLE = "(function (d) { var li = Array.from(document.querySelectorAll('#sec-storage ul.members li'))"
            + ".find(function (x) { return x.firstChild && x.firstChild.textContent === d + ' '; });"
            + " return li ? li.lastChild.textContent : ''; })";

    /**
     * The site file: a disk watched as an integrator configures one, with a stand-in for smartctl (this machine has no
     * disk smartctl could read) printing smartctl 7's JSON for a healthy drive with a few reallocated sectors, whose
     * model is hostile text. The demo's links probe the gateway's own port 8080; this gateway listens on a free port, so
     * they probe the demo's MQTT broker (1883, which the demo owns here): otherwise the calm cabinet showed CRITICAL ("no
     * link up") in every screenshot, or links UP whenever some other process on this machine answered on 8080.
     */
    static Path diskSite(Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("smartctl.json"), """
                {"json_format_version": [1, 0], "smartctl": {"version": [7, 3], "exit_status": 0},
                 "device": {"name": "/dev/sdq", "protocol": "ATA"}, "model_name": "%s", "serial_number": "S3Z1",
                 "smart_status": {"passed": true}, "temperature": {"current": 43},
                 "ata_smart_attributes": {"table": [{"id": 5, "value": 100, "raw": {"value": 14, "string": "14"}}]}}
                """.formatted(HOSTILE_MODEL));
        Path smartctl = dir.resolve("smartctl");
        Files.writeString(smartctl, "#!/bin/sh\ncat '" + json + "'\n");
        assertThat(smartctl.toFile().setExecutable(true)).isTrue();
        return Files.writeString(dir.resolve("site.json"), """
                {
                  ":configurator:resource-version": 1,
                  ":configurator:symbolic-name": "test.site",
                  ":configurator:version": "1.0.0",
                  "org.cabinetgw.storage.disk~sys": { "name": "sys", "device": "/dev/sdq", "smartctl.path": "%s",
                    "poll.seconds": 10, "max.reallocated.sectors": 100 },
                  "org.cabinetgw.network.link~wired": { "probe.targets": ["tcp://127.0.0.1:1883"] },
                  "org.cabinetgw.network.link~cellular": { "probe.targets": ["tcp://127.0.0.1:1883"] }
                }
                """.formatted(smartctl));
    }

    private static void sim(GatewayProcess gw, String password, String command) throws Exception {
        HttpResponse<String> r = gw.postForm("/sim/power", "cmd=" + URLEncoder.encode(command, StandardCharsets.UTF_8), "admin", password);
        assertThat(r.statusCode()).as(command + ": " + r.body()).isEqualTo(200);
    }

    /**
     * The demo's simulators listen on fixed ports (its Modbus devices 5020-5022, its MQTT broker 1883): another
     * demo or a Mosquitto on this machine would leave the demo without its cabinet. Waits for them, then fails
     * naming them rather than failing later on a missing simulator.
     */
    static void awaitDemoPortsFree() throws Exception {
        Await.until("the demo's ports 1883, 5020-5022 free (the last seen are those another process holds: another demo, "
                + "a Mosquitto)", Duration.ofSeconds(120), () -> java.util.stream.Stream.of(1883, 5020, 5021, 5022)
                        .filter(p -> {
                            try (java.net.ServerSocket s = new java.net.ServerSocket(p, 1,
                                    java.net.InetAddress.getLoopbackAddress())) {
                                return false;
                            } catch (java.io.IOException e) {
                                return true;
                            }
                        }).toList(), List::isEmpty);
    }

    /** A line to the gateway's Gogo shell: its stdin, a pipe the process keeps open. */
    private static void gogo(GatewayProcess gw, String command) throws Exception {
        Files.writeString(Path.of("/proc/" + gw.pid() + "/fd/0"), command + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND);
    }

    static void console(GatewayProcess gw, String password, String path, String form) throws Exception {
        HttpResponse<String> r = gw.postForm(path, form, "admin", password);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isLessThan(400);
    }

    /** Waits until the snapshot's power state is {@code state}; the milliseconds it took. */
    private static long awaitPowerState(GatewayProcess gw, String password, String state) throws Exception {
        long start = System.currentTimeMillis();
        Await.until("the power state " + state, Duration.ofSeconds(60), () -> {
            JsonObject power = JsonParser.parseString(gw.get("/cabinet/api/snapshot", "admin", password).body())
                    .getAsJsonObject().getAsJsonObject("power");
            return power.has("state") ? power.get("state").getAsString() : power.toString();
        }, state::equals);
        return System.currentTimeMillis() - start;
    }

    private static void awaitAnonymousRead(GatewayProcess gw) throws Exception {
        Await.until("allow.anonymous.read applied (the snapshot read without credentials)", Duration.ofSeconds(30),
                () -> gw.get("/cabinet/api/snapshot", null, null).statusCode(), status -> status == 200);
    }

    static long bundleId(GatewayProcess gw, String password, String symbolicName) throws Exception {
        JsonObject all = JsonParser.parseString(gw.get("/system/console/bundles.json", "admin", password).body()).getAsJsonObject();
        for (var b : all.getAsJsonArray("data")) {
            if (symbolicName.equals(b.getAsJsonObject().get("symbolicName").getAsString())) {
                return b.getAsJsonObject().get("id").getAsLong();
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}

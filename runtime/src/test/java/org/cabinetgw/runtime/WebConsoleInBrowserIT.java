package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console as an integrator sees it: a real browser (Debian's headless Chromium) loads the
 * configuration page, and what its scripts render lists the gateway's settings by the names and
 * descriptions their Metatype gives.
 */
class WebConsoleInBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path data;

    @Test
    void theConfigurationPageListsTheGatewaysSettingsByTheirNames() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
        try (GatewayProcess gw = GatewayProcess.start(data)) {
            gw.awaitShippedPackages(); // the uplink's and the power meter's settings come with their packages
            String password = gw.printedPassword();
            assertThat(gw.awaitConsole("/system/console/configMgr", "admin", password).statusCode()).isEqualTo(200);

            String dom = renderedPage(gw.url("/system/console/configMgr").replace("http://",
                    "http://admin:" + password + "@"));

            assertThat(dom).as("rendered configuration page")
                    .contains("Cabinet Gateway /health endpoint")
                    .contains("Cabinet Gateway health registry")
                    .contains("Cabinet Gateway Uplink")
                    .contains("Cabinet power meter")
                    .contains("org.cabinetgw.core.health.http");
        }
    }

    /** The page's DOM after its scripts ran, as Chromium rendered it. */
    private String renderedPage(String url) throws Exception {
        Path profile = Files.createTempDirectory(data, "chromium");
        // The flags keep Chromium from reaching for the network: this machine has none to offer.
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        return dom;
    }
}

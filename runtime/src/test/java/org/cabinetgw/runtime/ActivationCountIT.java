package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 3: at a first start every component activates once, with its configured values. Counted by
 * Declarative Services itself: the real jar runs with {@code -Dds.loglevel=debug} (a framework property given on
 * the command line replaces the jar's) and a logback configuration that keeps our packages at DEBUG, so SCR writes
 * "Set implementation object for component" once per activation, under the component's name and id. Before
 * {@link ConfigurationFirst} the uplink, the dashboard and ha's servlet were activated with their defaults and
 * again when the Configurator applied their feature's configuration a moment later: two lines each, and a
 * deactivation in between.
 */
class ActivationCountIT {

    private static final Pattern ACTIVATION =
            Pattern.compile("\\[([\\w.$]+)\\((\\d+)\\)\\] : Set implementation object for component");
    private static final Pattern DEACTIVATION = Pattern.compile("\\[([\\w.$]+)\\((\\d+)\\)\\] : invoked deactivate");

    @TempDir
    Path data;

    @Test
    void everyComponentActivatesOnceAtAFirstStart() throws Exception {
        Path etc = Files.createDirectories(data.resolve("etc"));
        Files.writeString(etc.resolve("logback.xml"), logbackWithComponentsAtDebug());
        try (GatewayProcess gw = GatewayProcess.start(GatewayProcess.JAR, List.of("-Xmx96m", "-Dds.loglevel=debug"),
                data)) {
            gw.awaitShippedPackages();
            // the last package's components are up (the dashboard's is among the last installed)
            String log = awaitLog(l -> activations(l).keySet().stream().anyMatch(c -> c.startsWith(
                    "org.cabinetgw.dashboard.internal.Dashboard(")));
            Map<String, Integer> counted = activations(log);
            assertThat(counted.keySet()).as("components SCR activated at the first start")
                    .anyMatch(c -> c.startsWith("org.cabinetgw.uplink.internal.UplinkComponent("))
                    .anyMatch(c -> c.startsWith("org.cabinetgw.ha.internal.HaServlet("))
                    .anyMatch(c -> c.startsWith("org.cabinetgw.core.internal.HealthEndpoint("))
                    .hasSizeGreaterThan(20);
            assertThat(counted).as("activations per component at the first start (SCR's own log)")
                    .allSatisfy((component, times) -> assertThat(times).as(component).isEqualTo(1));
            assertThat(DEACTIVATION.matcher(log).results().map(r -> r.group(1) + "(" + r.group(2) + ")").toList())
                    .as("components deactivated while the gateway started").isEmpty();
        }
    }

    /** component name(id) -> how many times SCR set its implementation object. */
    private static Map<String, Integer> activations(String log) {
        Map<String, Integer> out = new TreeMap<>();
        Matcher m = ACTIVATION.matcher(log);
        while (m.find()) {
            out.merge(m.group(1) + "(" + m.group(2) + ")", 1, Integer::sum);
        }
        return out;
    }

    private String awaitLog(java.util.function.Predicate<String> condition) throws Exception {
        Path file = data.resolve("logs/cabinetgw.log");
        long end = System.currentTimeMillis() + 60_000;
        while (true) {
            String log = Files.exists(file) ? Files.readString(file) : "";
            if (condition.test(log)) {
                return log;
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("the log never showed the dashboard activated:\n" + log);
            }
            Thread.sleep(100);
        }
    }

    /** The jar's own logback configuration, with SCR's lines about our components (named after them) kept. */
    private static String logbackWithComponentsAtDebug() throws Exception {
        try (InputStream in = ActivationCountIT.class.getResourceAsStream("logback.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return xml.replace("<root ", "<logger name=\"org.cabinetgw\" level=\"DEBUG\"/>\n  <root ");
        }
    }
}

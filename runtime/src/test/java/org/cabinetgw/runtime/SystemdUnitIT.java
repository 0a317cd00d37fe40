package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runtime/systemd/cabinetgw.service as systemd reads it (systemd-analyze) and its command line as it runs on a
 * fresh install: no password file written yet, an empty state directory, the unit's umask.
 */
class SystemdUnitIT {

    static final Path UNIT = GatewayProcess.MODULE.resolve("systemd/cabinetgw.service");
    /** systemd-analyze's exposure, 0 (locked down) to 10 (unprotected), times ten; the unit scores 1.7. */
    static final int THRESHOLD = 25;

    @TempDir
    Path dir;

    @Test
    void itsExposureStaysLow() throws Exception {
        assumeSystemdAnalyze();
        Result r = run("systemd-analyze", "security", "--offline=true", "--threshold=" + THRESHOLD, UNIT.toString());
        Matcher score = Pattern.compile("Overall exposure level for cabinetgw.service: (\\d+\\.\\d)").matcher(r.output);
        assertThat(score.find()).as(r.output).isTrue();
        assertThat(Double.parseDouble(score.group(1))).as(r.output).isLessThanOrEqualTo(THRESHOLD / 10.0);
        assertThat(r.exitCode).as(r.output).isZero();
    }

    @Test
    void systemdFindsNothingWrongInIt() throws Exception {
        assumeSystemdAnalyze();
        Result r = run("systemd-analyze", "verify", UNIT.toString());
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).as("no warning about the unit").doesNotContain("cabinetgw.service");
    }

    @Test
    void itsCommandLineStartsAFreshInstall() throws Exception {
        String unit = Files.readString(UNIT);
        Path state = dir.resolve("var-lib-cabinetgw"); // StateDirectory=: systemd creates it empty, 0700
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path absentPasswordFile = dir.resolve("etc-cabinetgw/console-password"); // not written by a fresh install
        int port = GatewayProcess.freePort();
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask(unit) + " && exec \"$@\"",
                "cabinetgw"));
        for (String word : setting(unit, "ExecStart").split("\\s+")) {
            switch (word) {
                case "/usr/bin/java" -> command.add(GatewayProcess.javaBin());
                case "$JAVA_OPTS" -> command.addAll(List.of(javaOpts(unit).split("\\s+")));
                case "/opt/cabinetgw/cabinetgw.jar" -> command.add(GatewayProcess.JAR.toAbsolutePath().toString());
                case "/var/lib/cabinetgw" -> command.add(state.toString());
                case "/etc/cabinetgw/console-password" -> command.add(absentPasswordFile.toString());
                default -> command.add(word);
            }
        }
        command.addAll(List.of("--http-port", Integer.toString(port))); // 8080 may be taken on a build machine
        try (GatewayProcess gw = GatewayProcess.exec(command, state, port)) {
            gw.awaitShippedPackages();
            String password = gw.printedPassword();
            assertThat(gw.output()).contains(absentPasswordFile + " does not exist, so a password was generated");
            assertThat(password).isNotNull();
            assertThat(gw.awaitConsole("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);
            assertThat(mode(state)).isEqualTo("rwx------");
            // what the gateway wrote with the unit's umask: private, ConfigAdmin's files with the passwords too
            try (Stream<Path> files = Files.walk(state.resolve("config"))) {
                List<Path> written = files.filter(Files::isRegularFile).toList();
                assertThat(written).isNotEmpty();
                for (Path f : written) {
                    assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
                }
            }
            assertThat(gw.stop()).as("stops cleanly on SIGTERM").isTrue();
        }
    }

    /** The value of a [Service] setting, e.g. ExecStart. */
    private static String setting(String unit, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(unit);
        if (!m.find()) {
            throw new AssertionError(UNIT + " has no " + name + "=");
        }
        return m.group(1).trim();
    }

    /** The unit's UMask=, or systemd's default. */
    private static String umask(String unit) {
        Matcher m = Pattern.compile("(?m)^UMask=(.*)$").matcher(unit);
        return m.find() ? m.group(1).trim() : "0022";
    }

    private static String javaOpts(String unit) {
        Matcher m = Pattern.compile("Environment=\"JAVA_OPTS=([^\"]*)\"").matcher(unit);
        if (!m.find()) {
            throw new AssertionError(UNIT + " has no JAVA_OPTS");
        }
        return m.group(1);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void assumeSystemdAnalyze() {
        boolean found = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "systemd-analyze")));
        Assumptions.assumeTrue(found, "systemd-analyze is not installed (apt-get install systemd)");
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), out);
    }
}

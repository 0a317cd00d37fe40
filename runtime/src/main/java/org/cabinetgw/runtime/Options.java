package org.cabinetgw.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line, parsed and checked. Pure: no I/O, so every flag is unit tested.
 * {@code dataDir} is null when neither --data nor $CABINETGW_DATA names one.
 */
record Options(Path dataDir, String httpHost, int httpPort, String consoleUser, Path consolePasswordFile,
        Path configFile, Boolean shell, String logLevel, boolean help, boolean version, Path checkConfig) {

    static final String USAGE = """
            Usage: java -jar cabinetgw.jar [options]

            Starts the Cabinet Gateway: an OSGi runtime (Apache Felix) with every bundle of its features.

            Options:
              --data DIR                  data directory: framework cache, configuration, queue, history,
                                          logs (default: $CABINETGW_DATA, else ./data, or
                                          ./data-demo for the demo jar)
              --http-host ADDRESS         address the web console and /health listen on
                                          (default: 127.0.0.1; 0.0.0.0 opens it to the network)
              --http-port PORT            HTTP port, 1-65535 (default: 8080)
              --console-user NAME         web console user (default: admin)
              --console-password-file F   first start only: read the web console password from file F
                                          (otherwise one is generated and printed once)
              --config FILE               site settings (OSGi Configurator JSON, e.g. the MQTT broker)
                                          applied at every start over the features' defaults (the
                                          rules: README, "Configuration rules")
              --check-config FILE         check a site file against every feature's settings (names,
                                          types, ranges) and exit: 0 when good, 1 naming each mistake
              --shell | --no-shell        Gogo shell on this terminal (default: only when a terminal
                                          is attached)
              --log-level LEVEL           TRACE, DEBUG, INFO, WARN or ERROR (default: INFO)
              --version                   print the version and exit
              --help                      print this help and exit

            Health: GET http://<http-host>:<http-port>/health (200 UP or DEGRADED, 503 DOWN).
            Web console: http://<http-host>:<http-port>/system/console
            """;

    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /** A flag that cannot be used as given; the message says which and why. */
    static final class BadFlag extends Exception {
        private static final long serialVersionUID = 1L;

        BadFlag(String message) {
            super(message);
        }
    }

    static Options parse(String[] args, Map<String, String> env) throws BadFlag {
        Path data = env.containsKey("CABINETGW_DATA") ? Path.of(env.get("CABINETGW_DATA")) : null;
        String host = "127.0.0.1";
        int port = 8080;
        String user = "admin";
        Path passwordFile = null;
        Path configFile = null;
        Boolean shell = null;
        String level = "INFO";
        boolean help = false;
        boolean version = false;
        Path checkConfig = null;

        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--shell" -> shell = true;
                case "--no-shell" -> shell = false;
                case "--data" -> data = Path.of(value(flag, rest));
                case "--http-host" -> host = host(value(flag, rest));
                case "--http-port" -> port = port(value(flag, rest));
                case "--console-user" -> user = user(value(flag, rest));
                case "--console-password-file" -> passwordFile = Path.of(value(flag, rest));
                case "--config" -> configFile = Path.of(value(flag, rest));
                case "--check-config" -> checkConfig = Path.of(value(flag, rest));
                case "--log-level" -> level = level(value(flag, rest));
                default -> throw new BadFlag("unknown option '" + flag + "'");
            }
        }
        return new Options(data, host, port, user, passwordFile, configFile, shell, level, help, version,
                checkConfig);
    }

    private static String value(String flag, List<String> rest) throws BadFlag {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new BadFlag(flag + " needs a value");
        }
        String v = rest.remove(0);
        if (v.isBlank()) {
            throw new BadFlag(flag + " needs a value, got an empty one");
        }
        return v;
    }

    private static int port(String text) throws BadFlag {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadFlag("--http-port must be a number from 1 to 65535, got '" + text + "'");
    }

    private static String host(String text) throws BadFlag {
        if (!text.matches("[A-Za-z0-9.:\\-\\[\\]]{1,253}")) {
            throw new BadFlag("--http-host must be an IP address or a host name, got '" + text + "'");
        }
        return text;
    }

    private static String user(String text) throws BadFlag {
        if (!text.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new BadFlag("--console-user may use letters, digits, '.', '_' and '-' (1-64), got '" + text + "'");
        }
        return text;
    }

    private static String level(String text) throws BadFlag {
        String l = text.toUpperCase(java.util.Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw new BadFlag("--log-level must be one of " + LEVELS + ", got '" + text + "'");
        }
        return l;
    }
}

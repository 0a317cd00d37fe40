package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionsTest {

    @Test
    void defaultsAreSafe() throws Exception {
        Options o = Options.parse(new String[0], Map.of());
        assertThat(o.dataDir()).as("the launcher picks ./data or ./data-demo").isNull();
        assertThat(o.httpHost()).as("HTTP stays on loopback unless asked").isEqualTo("127.0.0.1");
        assertThat(o.httpPort()).isEqualTo(8080);
        assertThat(o.consoleUser()).isEqualTo("admin");
        assertThat(o.consolePasswordFile()).isNull();
        assertThat(o.shell()).isNull();
        assertThat(o.logLevel()).isEqualTo("INFO");
    }

    @Test
    void everyFlagIsRead() throws Exception {
        Options o = Options.parse(new String[] { "--data", "/var/lib/cabinetgw", "--http-host", "0.0.0.0",
                "--http-port", "9090", "--console-user", "ops", "--console-password-file", "/etc/pw", "--config", "/etc/site.json", "--no-shell",
                "--log-level", "debug" }, Map.of());
        assertThat(o.dataDir()).isEqualTo(Path.of("/var/lib/cabinetgw"));
        assertThat(o.httpHost()).isEqualTo("0.0.0.0");
        assertThat(o.httpPort()).isEqualTo(9090);
        assertThat(o.consoleUser()).isEqualTo("ops");
        assertThat(o.consolePasswordFile()).isEqualTo(Path.of("/etc/pw"));
        assertThat(o.configFile()).isEqualTo(Path.of("/etc/site.json"));
        assertThat(o.shell()).isFalse();
        assertThat(o.logLevel()).isEqualTo("DEBUG");
    }

    @Test
    void dataDirectoryFromTheEnvironmentUnlessAFlagSaysOtherwise() throws Exception {
        assertThat(Options.parse(new String[0], Map.of("CABINETGW_DATA", "/srv/gw")).dataDir()).isEqualTo(Path.of("/srv/gw"));
        assertThat(Options.parse(new String[] { "--data", "x" }, Map.of("CABINETGW_DATA", "/srv/gw")).dataDir())
                .isEqualTo(Path.of("x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--frobnicate                 | unknown option '--frobnicate'",
            "--http-port                  | --http-port needs a value",
            "--http-port 0                | --http-port must be a number from 1 to 65535, got '0'",
            "--http-port 70000            | --http-port must be a number from 1 to 65535, got '70000'",
            "--http-port eighty           | --http-port must be a number from 1 to 65535, got 'eighty'",
            "--http-port --data           | --http-port needs a value",
            "--http-host a;rm             | --http-host must be an IP address or a host name, got 'a;rm'",
            "--console-user rööt          | --console-user may use letters",
            "--log-level LOUD             | --log-level must be one of [TRACE, DEBUG, INFO, WARN, ERROR], got 'LOUD'",
            "data                         | unknown option 'data'" })
    void aBadFlagGetsAClearMessage(String args, String message) {
        assertThatThrownBy(() -> Options.parse(args.trim().split("\\s+"), Map.of()))
                .isInstanceOf(Options.BadFlag.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void helpMentionsEveryFlag() {
        for (String flag : new String[] { "--data", "--http-host", "--http-port", "--console-user",
                "--console-password-file", "--config", "--shell", "--no-shell", "--log-level", "--version", "--help" }) {
            assertThat(Options.USAGE).contains(flag);
        }
    }
}

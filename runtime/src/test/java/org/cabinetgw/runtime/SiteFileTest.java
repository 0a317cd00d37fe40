package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The site file: what it accepts, and a message naming the file and the place for everything else. */
class SiteFileTest {

    private static final Path FILE = Path.of("/etc/cabinetgw/site.json");

    @Test
    void readsPidsSettingsAndTypesAndIgnoresTheConfiguratorsKeys() throws Exception {
        SiteFile s = SiteFile.parse(FILE, """
                // the site of cabinet 42
                { ":configurator:resource-version": 1, ":configurator:symbolic-name": "site",
                  "org.cabinetgw.uplink.mqtt": { "server.uri": "ssl://b:8883", "qos": 1, "tls.verify.hostname": false },
                  /* a meter */
                  "org.cabinetgw.power.meter~ups": { "poll.millis:Integer": 500, "ratio": 1.5, "tags": ["a", "b"] } }
                """);
        assertThat(s.pids()).containsOnlyKeys("org.cabinetgw.uplink.mqtt", "org.cabinetgw.power.meter~ups");
        assertThat(s.pids().get("org.cabinetgw.uplink.mqtt")).containsEntry("server.uri", "ssl://b:8883")
                .containsEntry("qos", 1L).containsEntry("tls.verify.hostname", false);
        assertThat(s.pids().get("org.cabinetgw.power.meter~ups")).containsEntry("poll.millis", 500L)
                .containsEntry("ratio", 1.5);
        assertThat((String[]) s.pids().get("org.cabinetgw.power.meter~ups").get("tags")).containsExactly("a", "b");
        assertThat(SiteFile.factoryPid("org.cabinetgw.power.meter~ups")).isEqualTo("org.cabinetgw.power.meter");
        assertThat(SiteFile.factoryPid("org.cabinetgw.uplink")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing comma            | {\"a.b\": {\"x\": 1 \"y\": 2}}             | line 1, column 17: unexpected '\"'; expected ',' or '}' after the value of \"x\"",
            "trailing comma           | {\"a.b\": {\"x\": 1,}}                     | line 1, column 17: unexpected '}'; expected a key in double quotes (a comma before '}' is not allowed in JSON)",
            "unquoted string          | {\"a.b\": {\"x\": tcp}}                    | line 1, column 15: unexpected 'tcp'; strings need double quotes",
            "single quotes            | {'a.b': {}}                                | line 1, column 2: unexpected",
            "unclosed                 | {\"a.b\": {\"x\": 1}                       | line 1, column 17: unexpected end of file; expected ',' or '}'",
            "empty                    | '   '                                      | line 1, column 4: the file is empty",
            "duplicate key            | {\"a.b\": {\"x\": 1, \"x\": 2}}            | line 1, column 18: \"x\" is given twice",
            "garbage after            | {} x                                       | line 1, column 4: unexpected 'x' after the end",
    })
    void malformedJsonNamesTheFileLineAndColumn(String what, String text, String expected) {
        assertThatThrownBy(() -> SiteFile.parse(FILE, text)).isInstanceOf(SiteFile.Unusable.class)
                .hasMessageStartingWith(FILE + ", ").hasMessageContaining(expected);
    }

    @Test
    void aMistakeOnALaterLineIsFoundThere() {
        assertThatThrownBy(() -> SiteFile.parse(FILE, "{\n  \"org.cabinetgw.uplink\": {\n    \"failover.seconds\": 30\n"
                + "    \"failback.hold.seconds\": 60\n  }\n}\n"))
                .hasMessage(FILE + ", line 4, column 5: unexpected '\"'; expected ',' or '}' after the value of "
                        + "\"failover.seconds\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not an object            | [1, 2]                                 | the file must be one JSON object",
            "a PID that is no object  | {\"a.b\": 5}                           | a.b must be an object of settings",
            "null value               | {\"a.b\": {\"x\": null}}               | a.b x: null is not a value; leave the key out",
            "nested object            | {\"a.b\": {\"x\": {}}}                 | a.b x: a setting cannot be an object",
            "mixed array              | {\"a.b\": {\"x\": [1, \"y\"]}}         | a.b x: an array must hold values of one kind",
            "unknown type             | {\"a.b\": {\"x:Int\": 1}}              | a.b x: unknown type 'Int'",
            "huge number              | {\"a.b\": {\"x\": 99999999999999999999}} | too large for a setting",
            "bad PID                  | {\"a b\": {}}                          | \"a b\" is not a PID",
    })
    void wrongShapesAreNamed(String what, String text, String expected) {
        assertThatThrownBy(() -> SiteFile.parse(FILE, text)).isInstanceOf(SiteFile.Unusable.class)
                .hasMessageStartingWith(FILE.toString()).hasMessageContaining(expected);
    }

    @Test
    void anUnreadableFileSaysWhy(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SiteFile.read(dir.resolve("missing.json")))
                .hasMessage(dir.resolve("missing.json") + ": no such file");
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] { '{', '"', (byte) 0xe9, '"', ':', '{', '}', '}' });
        assertThatThrownBy(() -> SiteFile.read(latin1)).hasMessage(latin1 + ": not UTF-8 text");
    }
}

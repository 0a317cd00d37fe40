package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A site file against the features' Metatype: misspellings and bad values named with PID and key. */
class SiteCheckTest {

    private static final String METATYPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.2.0">
              <OCD id="org.cabinetgw.uplink.mqtt" name="MQTT">
                <AD id="server.uri" type="String" default="tcp://127.0.0.1:1883"/>
                <AD id="client.id" type="String" default="cabinetgw"/>
                <AD id="qos" type="Integer" min="0" max="2" default="1"/>
                <AD id="tls.verify.hostname" type="Boolean" default="true"/>
              </OCD>
              <Designate pid="org.cabinetgw.uplink.mqtt"><Object ocdref="org.cabinetgw.uplink.mqtt"/></Designate>
              <OCD id="org.cabinetgw.power.meter" name="Meter">
                <AD id="transport" type="String" default="TCP"><Option label="TCP" value="TCP"/><Option label="RTU" value="RTU"/></AD>
                <AD id="poll.millis" type="Integer" min="100" max="3600000" default="1000"/>
                <AD id="targets" type="String" cardinality="2"/>
              </OCD>
              <Designate factoryPid="org.cabinetgw.power.meter"><Object ocdref="org.cabinetgw.power.meter"/></Designate>
            </metatype:MetaData>
            """;

    private final FeatureCatalog catalog = new FeatureCatalog();

    @BeforeEach
    void catalog() throws Exception {
        catalog.addMetatype(METATYPE.strip().getBytes(StandardCharsets.UTF_8));
    }

    private List<String> problems(String json) throws Exception {
        return SiteCheck.check(SiteFile.parse(Path.of("site.json"), json), catalog).stream()
                .map(SiteCheck.Problem::toString).toList();
    }

    @Test
    void aGoodFileHasNoProblemAndOtherPlatformsPidsAreNotJudged() throws Exception {
        assertThat(problems("""
                {"org.cabinetgw.uplink.mqtt": {"server.uri": "ssl://b:8883", "qos": 2, "tls.verify.hostname": false},
                 "org.cabinetgw.power.meter~ups": {"transport": "RTU", "poll.millis": 500, "targets": ["a", "b"]},
                 "org.apache.felix.http": {"whatever": 1}}
                """)).isEmpty();
    }

    /** CHANGES.md rule 5: a site file written for the last release still applies, each old name said once. */
    @Test
    void aRenamedSettingIsNamedWithItsNewNameCheckedAndAppliedUnderIt() throws Exception {
        catalog.addRenamed("org.cabinetgw.power.meter", RenamedSettings.parse(new ByteArrayInputStream(
                "# old = new\npollIntervalMs = poll.millis\n".getBytes(StandardCharsets.UTF_8))));
        String json = """
                {"org.cabinetgw.power.meter~ups": {"pollIntervalMs": 500, "transport": "TCP"},
                 "org.cabinetgw.power.meter~gen": {"pollIntervalMs": 5, "poll.millis": 700},
                 "org.cabinetgw.power.meter~pv": {"pollIntervalMs": "fast"}}
                """;
        assertThat(problems(json)).containsExactly(
                "org.cabinetgw.power.meter~ups pollIntervalMs: is now poll.millis; rename it (the old name is read "
                        + "for this release only)",
                "org.cabinetgw.power.meter~gen pollIntervalMs: is now poll.millis; both are given, poll.millis is "
                        + "used: remove pollIntervalMs",
                "org.cabinetgw.power.meter~gen pollIntervalMs: 5 is out of range; allowed 100..3600000",
                "org.cabinetgw.power.meter~pv pollIntervalMs: is now poll.millis; rename it (the old name is read "
                        + "for this release only)",
                "org.cabinetgw.power.meter~pv pollIntervalMs: \"fast\" is not a whole number");
        SiteFile current = catalog.withCurrentNames(SiteFile.parse(Path.of("site.json"), json));
        assertThat(current.pids().get("org.cabinetgw.power.meter~ups")).containsOnlyKeys("poll.millis", "transport")
                .containsEntry("poll.millis", 500L);
        assertThat(current.pids().get("org.cabinetgw.power.meter~gen")).containsOnly(
                java.util.Map.entry("poll.millis", 700L));
    }

    @Test
    void misspeltPidsAndKeysAreNamedWithTheNearestName() throws Exception {
        assertThat(problems("""
                {"org.cabinetgw.uplink.mqt": {"server.uri": "x"},
                 "org.cabinetgw.uplink.mqtt": {"clientid": "a", "color": "red"},
                 "org.cabinetgw.power.meter": {"poll.millis": 500},
                 "org.cabinetgw.uplink.mqtt~x": {"qos": 1}}
                """)).containsExactly(
                "org.cabinetgw.uplink.mqt: no feature of this gateway has the settings \"org.cabinetgw.uplink.mqt\"; "
                        + "did you mean \"org.cabinetgw.uplink.mqtt\"?",
                "org.cabinetgw.uplink.mqtt clientid: no such setting; did you mean \"client.id\"?",
                "org.cabinetgw.uplink.mqtt color: no such setting",
                "org.cabinetgw.power.meter: is a factory; name each of its configurations, e.g. "
                        + "\"org.cabinetgw.power.meter~name\"",
                "org.cabinetgw.uplink.mqtt~x: org.cabinetgw.uplink.mqtt is not a factory; write \"org.cabinetgw.uplink.mqtt\"");
    }

    @Test
    void badValuesAreNamedWithWhatIsAllowed() throws Exception {
        assertThat(problems("""
                {"org.cabinetgw.uplink.mqtt": {"qos": 5, "client.id": 42, "tls.verify.hostname": "no", "server.uri": ["a"]},
                 "org.cabinetgw.power.meter~ups": {"transport": "UDP", "poll.millis": 1.5, "targets": ["a", "b", "c"]}}
                """)).containsExactly(
                "org.cabinetgw.uplink.mqtt qos: 5 is out of range; allowed 0..2",
                "org.cabinetgw.uplink.mqtt client.id: 42 must be a string in double quotes",
                "org.cabinetgw.uplink.mqtt tls.verify.hostname: \"no\" is not true or false",
                "org.cabinetgw.uplink.mqtt server.uri: takes one value, not a list",
                "org.cabinetgw.power.meter~ups transport: \"UDP\" is not one of the allowed values TCP, RTU",
                "org.cabinetgw.power.meter~ups poll.millis: 1.5 is not a whole number",
                "org.cabinetgw.power.meter~ups targets: takes at most 2 values, got 3");
    }

    @Test
    void valuesAreStoredInTheSettingsType() throws Exception {
        FeatureCatalog.Setting qos = catalog.definition("org.cabinetgw.uplink.mqtt").settings().get("qos");
        assertThat(SiteCheck.toStored(qos, 2L)).isEqualTo(2);
        assertThat(SiteCheck.toStored(null, 2L)).isEqualTo(2L);
    }
}

package org.cabinetgw.kuradeploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.kuradeploy.KuraMetatypeRules.ComponentConfig;
import org.junit.jupiter.api.Test;

/**
 * Every configurable component of our bundles in this package is one Kura's web UI can list and
 * edit; and the rules themselves catch each mistake they are there for.
 */
class KuraMetatypeTest {

    @Test
    void everyConfigurableComponentInThePackageFollowsKurasRules() throws IOException {
        BuiltPackage dp = BuiltPackage.load();
        List<String> problems = new ArrayList<>();
        for (String entry : dp.bundleEntries()) {
            String bsn = BuiltPackage.bsn(dp.bundleManifest(entry));
            if (!bsn.startsWith("org.cabinetgw.")) {
                continue; // third-party bundles are not configured in Kura's UI by us
            }
            Map<String, ComponentConfig> components = new HashMap<>();
            for (Map.Entry<String, byte[]> f : dp.bundleFiles(entry, "OSGI-INF/").entrySet()) {
                if (f.getKey().endsWith(".xml") && f.getKey().indexOf('/', "OSGI-INF/".length()) < 0) {
                    KuraMetatypeRules.addComponents(f.getValue(), components);
                }
            }
            java.util.Set<String> described = new java.util.HashSet<>();
            for (Map.Entry<String, byte[]> f : dp.bundleFiles(entry, "OSGI-INF/metatype/").entrySet()) {
                String file = f.getKey().substring("OSGI-INF/metatype/".length());
                described.add(file.replaceFirst("\\.xml$", ""));
                KuraMetatypeRules.violations(file, f.getValue(), components)
                        .forEach(p -> problems.add(bsn + " OSGI-INF/metatype/" + p));
            }
            problems.addAll(KuraMetatypeRules.undescribed(bsn, components, described));
        }
        assertThat(problems).isEmpty();
    }

    private static final Map<String, ComponentConfig> METER = Map.of(
            "org.example.meter", new ComponentConfig("Meter", "org.example.meter", "require"),
            "org.example.single", new ComponentConfig("Single", "org.example.single", "optional"));

    private static List<String> check(String file, String body) {
        String xml = "<?xml version='1.0'?><metatype:MetaData xmlns:metatype='http://www.osgi.org/xmlns/metatype/v1.2.0'>"
                + body + "</metatype:MetaData>";
        return KuraMetatypeRules.violations(file, xml.getBytes(StandardCharsets.UTF_8), METER);
    }

    private static final String GOOD_AD = "<AD id='port' type='Integer' name='Port' description='TCP port.' default='502'/>";

    @Test
    void aCompleteFactoryDescriptionPasses() {
        assertThat(check("org.example.meter.xml", "<OCD id='org.example.meter' name='Meter' description='A meter.'>" + GOOD_AD
                + "<AD id='password' type='Password' name='Password' description='Login.' default=''/></OCD>"
                + "<Designate factoryPid='org.example.meter'><Object ocdref='org.example.meter'/></Designate>")).isEmpty();
    }

    @Test
    void aFileNamedOtherThanThePidIsRefused() {
        assertThat(check("Meter.xml", "<OCD id='org.example.meter' name='Meter' description='A meter.'>" + GOOD_AD + "</OCD>"
                + "<Designate factoryPid='org.example.meter'><Object ocdref='org.example.meter'/></Designate>"))
                .anyMatch(p -> p.contains("file name"));
    }

    @Test
    void anAttributeWithoutDefaultDescriptionOrNameIsRefused() {
        List<String> problems = check("org.example.single.xml", "<OCD id='org.example.single' name='S' description='S.'>"
                + "<AD id='a' type='Integer' name='A' description='A.'/>"
                + "<AD id='b' type='Integer' name='B' default='1'/>"
                + "<AD id='c' type='Integer' description='C.' default='1'/></OCD>"
                + "<Designate pid='org.example.single'><Object ocdref='org.example.single'/></Designate>");
        assertThat(problems).anyMatch(p -> p.contains("'a' has no default"))
                .anyMatch(p -> p.contains("'b' has no description"))
                .anyMatch(p -> p.contains("'c' has no name"));
    }

    @Test
    void aSecretThatIsNotPasswordTypedIsRefused() {
        assertThat(check("org.example.single.xml", "<OCD id='org.example.single' name='S' description='S.'>"
                + "<AD id='mqtt.password' type='String' name='MQTT password' description='Login.' default=''/></OCD>"
                + "<Designate pid='org.example.single'><Object ocdref='org.example.single'/></Designate>"))
                .anyMatch(p -> p.contains("secret") && p.contains("mqtt.password"));
    }

    @Test
    void aTypeKuraDoesNotRenderAndAMissingTypeAreRefused() {
        assertThat(check("org.example.single.xml", "<OCD id='org.example.single' name='S' description='S.'>"
                + "<AD id='x' type='Char[]' name='X' description='X.' default='a'/>"
                + "<AD id='y' name='Y' description='Y.' default='a'/></OCD>"
                + "<Designate pid='org.example.single'><Object ocdref='org.example.single'/></Designate>"))
                .anyMatch(p -> p.contains("'x' has type 'Char[]'")).anyMatch(p -> p.contains("'y' has no type"));
    }

    @Test
    void aFactoryWhoseComponentRunsUnconfiguredIsRefused() {
        assertThat(check("org.example.single.xml", "<OCD id='org.example.single' name='S' description='S.'>" + GOOD_AD + "</OCD>"
                + "<Designate factoryPid='org.example.single'><Object ocdref='org.example.single'/></Designate>"))
                .anyMatch(p -> p.contains("not 'require'"));
    }

    @Test
    void aDescriptionNoComponentUsesOrWithoutDesignateIsRefused() {
        assertThat(check("org.example.other.xml", "<OCD id='org.example.other' name='O' description='O.'>" + GOOD_AD + "</OCD>"
                + "<Designate pid='org.example.other'><Object ocdref='org.example.other'/></Designate>"))
                .anyMatch(p -> p.contains("no component"));
        assertThat(check("org.example.single.xml", "<OCD id='org.example.single' name='S' description='S.'>" + GOOD_AD + "</OCD>"))
                .anyMatch(p -> p.contains("no Designate"));
    }

    @Test
    void aComponentThatNeedsConfigurationButHasNoDescriptionIsReported() {
        assertThat(KuraMetatypeRules.undescribed("b", METER, java.util.Set.of()))
                .singleElement().asString().contains("Meter requires configuration org.example.meter");
        assertThat(KuraMetatypeRules.undescribed("b", METER, java.util.Set.of("org.example.meter"))).isEmpty();
    }

    @Test
    void hostileXmlIsReportedNotExpanded() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><m>&x;</m>";
        assertThat(KuraMetatypeRules.violations("org.example.single.xml", xxe.getBytes(StandardCharsets.UTF_8), METER))
                .singleElement().asString().contains("not well-formed");
        assertThat(KuraMetatypeRules.violations("org.example.single.xml", "<OCD".getBytes(StandardCharsets.UTF_8), METER))
                .singleElement().asString().contains("not well-formed");
    }
}

package org.cabinetgw.kuradeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The model of what Kura seeds for a singleton PID, which InstallTest feeds to our real components. */
class KuraSeedingTest {

    private static Map<String, Map<String, Object>> seed(String xml) throws Exception {
        return KuraSeeding.singletonDefaults(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static final String DOC = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.2.0">
              <OCD id="s" name="S" description="d">
                <AD id="port" type="Integer" name="n" description="d" default="1883"/>
                <AD id="on" type="Boolean" name="n" description="d" default="true"/>
                <AD id="empty" type="String" name="n" description="d" default=""/>
                <AD id="hosts" type="String" cardinality="5" name="n" description="d" default="a, b\\,c ,d"/>
                <AD id="one" type="Long" cardinality="-3" name="n" description="d" default="7"/>
              </OCD>
              <OCD id="f" name="F" description="d">
                <AD id="x" type="Integer" name="n" description="d" default="1"/>
              </OCD>
              <Designate pid="s"><Object ocdref="s"/></Designate>
              <Designate factoryPid="f"><Object ocdref="f"/></Designate>
            </metatype:MetaData>
            """;

    @Test
    void aSingletonGetsItsTypedDefaultsAndItsKuraPid() throws Exception {
        Map<String, Object> s = seed(DOC).get("s");
        assertThat(s).containsEntry("port", 1883).containsEntry("on", true).containsEntry("kura.service.pid", "s");
        assertThat(s).doesNotContainKey("empty");
        assertThat((Object[]) s.get("hosts")).containsExactly("a", "b,c", "d");
        assertThat((Object[]) s.get("one")).containsExactly(7L);
    }

    @Test
    void aFactoryGetsNothing() throws Exception {
        assertThat(seed(DOC)).containsOnlyKeys("s");
    }

    @Test
    void aDocumentTypeDeclarationIsRefused() {
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThatThrownBy(() -> seed(hostile)).hasMessageContaining("DOCTYPE");
    }
}

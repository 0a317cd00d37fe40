package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Kura's package and bundle documents: their shape, and hostile names that must not break them. */
class KuraDeployXmlTest {

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String at(Document d, String path) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(path, d);
    }

    @Test
    void packagesCarryTheirBundlesInKurasShape() throws Exception {
        byte[] xml = KuraDeployXml.packages(List.of(Json.object("name", "org.cabinetgw.feature.power", "version", "1.2.0",
                "bundles", List.of(Json.object("name", "org.cabinetgw.power", "version", "1.2.0.202612070300"),
                        Json.object("name", "org.cabinetgw.modbus", "version", "1.0.0")))));
        String text = new String(xml, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><packages><package><name>org.cabinetgw.feature.power"
                + "</name><version>1.2.0</version><bundles><bundle><name>org.cabinetgw.power</name>");
        Document d = parse(xml);
        assertThat(at(d, "count(/packages/package/bundles/bundle)")).isEqualTo("2");
        assertThat(at(d, "/packages/package/bundles/bundle[2]/version")).isEqualTo("1.0.0");
        assertThat(new String(KuraDeployXml.packages(List.of()), StandardCharsets.UTF_8)).endsWith("<packages></packages>");
    }

    @Test
    void bundlesCarryIdAndStateAndABlankValueIsLeftOut() throws Exception {
        Document d = parse(KuraDeployXml.bundles(List.of(Json.object("name", "org.apache.felix.framework", "version", "7.0.5",
                "id", 0L, "state", "ACTIVE"), Json.object("name", null, "version", "0.0.0", "id", 12L, "state", "RESOLVED"))));
        assertThat(at(d, "/bundles/bundle[1]/id")).isEqualTo("0");
        assertThat(at(d, "/bundles/bundle[1]/state")).isEqualTo("ACTIVE");
        assertThat(at(d, "count(/bundles/bundle[2]/name)")).as("a bundle without a symbolic name").isEqualTo("0");
        assertThat(at(d, "/bundles/bundle[2]/id")).isEqualTo("12");
    }

    @Test
    void hostileNamesAreEscapedAndControlCharactersReplaced() throws Exception {
        String hostile = "evil</name><injected/>&amp;\"'\u0001\u0000\uFFFE end";
        byte[] xml = KuraDeployXml.bundles(List.of(Map.of("name", hostile, "version", "1.0.0", "id", 5L, "state", "ACTIVE")));
        Document d = parse(xml); // a document that still parses
        assertThat(at(d, "count(//injected)")).isEqualTo("0");
        assertThat(at(d, "/bundles/bundle/name")).isEqualTo("evil</name><injected/>&amp;\"'??? end");
    }
}

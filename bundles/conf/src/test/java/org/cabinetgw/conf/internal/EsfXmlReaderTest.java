package org.cabinetgw.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cabinetgw.deploy.CommandResponder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kura's configuration XML as a cloud sends it, and everything hostile a network can send instead. */
class EsfXmlReaderTest {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String ESF = "xmlns:esf=\"http://eurotech.com/esf/2.0\" xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\"";

    @Test
    void kurasDocumentIsReadWithTypesArraysAndValuesAndTheOcdIgnored() throws Exception {
        List<EsfConfiguration> c = EsfXmlReader.read(bytes(HEAD + "<esf:configurations " + ESF + ">"
                + "<esf:configuration pid=\"a.b\"><ocd:OCD id=\"a.b\" name=\"x\"><ocd:AD id=\"ignored\" type=\"String\"/></ocd:OCD>"
                + "<esf:properties>"
                + "<esf:property name=\"port\" array=\"false\" encrypted=\"false\" type=\"Integer\"><esf:value>8080</esf:value></esf:property>"
                + "<esf:property name=\"hosts\" array=\"true\" encrypted=\"false\" type=\"String\"><esf:value>a &amp; b</esf:value><esf:value> c </esf:value></esf:property>"
                + "</esf:properties></esf:configuration>"
                + "<esf:configuration pid=\"c.d\"><esf:properties/></esf:configuration>"
                + "</esf:configurations>"));
        assertThat(c).extracting(EsfConfiguration::pid).containsExactly("a.b", "c.d");
        assertThat(c.get(0).properties()).containsOnlyKeys("port", "hosts");
        assertThat(c.get(0).properties().get("port")).isEqualTo(new EsfProperty("port", "Integer", false, List.of("8080")));
        assertThat(c.get(0).properties().get("hosts")).isEqualTo(new EsfProperty("hosts", "String", true, List.of("a & b", " c ")));
        assertThat(c.get(1).properties()).isEmpty();
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBackHostileTextIncluded() throws Exception {
        EsfConfiguration c = new EsfConfiguration("p\"<&>", Map.of("k", new EsfProperty("k", "String", true,
                List.of("</esf:value><esf:value>x", "]]>", "\u00e9\u4e2d"))));
        assertThat(EsfXmlReader.read(EsfXmlWriter.configurations(List.of(c), pid -> null))).containsExactly(c);
    }

    @Test
    void anExternalEntityIsRefusedAndNoFileIsRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret-content");
        String xxe = HEAD + "<!DOCTYPE c [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<esf:configurations " + ESF + "><esf:configuration pid=\"&x;\"/></esf:configurations>";
        assertThatThrownBy(() -> EsfXmlReader.read(bytes(xxe))).isInstanceOf(ConfRequestException.class)
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining("the-secret-content")
                .extracting(e -> ((ConfRequestException) e).status()).isEqualTo(CommandResponder.BAD_REQUEST);
    }

    @Test
    void billionLaughsIsRefusedAtOnce() {
        StringBuilder doc = new StringBuilder(HEAD + "<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            doc.append("<!ENTITY lol").append(i).append(" \"");
            doc.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        doc.append("]><esf:configurations " + ESF + "><esf:configuration pid=\"&lol9;\"/></esf:configurations>");
        long start = System.nanoTime();
        assertThatThrownBy(() -> EsfXmlReader.read(bytes(doc.toString()))).isInstanceOf(ConfRequestException.class)
                .hasMessageContaining("DOCTYPE");
        assertThat(System.nanoTime() - start).as("refused before any expansion").isLessThan(5_000_000_000L);
    }

    @Test
    void malformedAndWrongDocumentsAreRefusedNamingWhatIsWrong() {
        refused("", "no body");
        refused("not xml at all", "not well-formed XML (line 1");
        refused(HEAD + "<esf:configurations " + ESF + "><esf:configuration pid=\"a\">", "not well-formed");
        refused(HEAD + "<packages/>", "<packages>, not <esf:configurations>");
        refused(HEAD + "<esf:configurations " + ESF + "><esf:configuration/></esf:configurations>", "no pid attribute");
        refused(HEAD + "<esf:configurations " + ESF + "><esf:configuration pid=\"a\"/><esf:configuration pid=\"a\"/>"
                + "</esf:configurations>", "a: the PID is given twice");
        refused(conf("<esf:property name=\"k\" type=\"Integer\"><esf:value>1</esf:value><esf:value>2</esf:value></esf:property>"),
                "a: k is not an array and has 2 values");
        refused(conf("<esf:property type=\"Integer\"><esf:value>1</esf:value></esf:property>"), "a: an esf:property has no name");
        refused(conf("<esf:property name=\"k\"><esf:value>1</esf:value></esf:property>"), "a: k has no type");
        refused(conf("<esf:property name=\"k\" type=\"Integer\"/><esf:property name=\"k\" type=\"Integer\"/>"),
                "a: k is not an array and has 0 values");
        refused(conf("<esf:property name=\"pw\" type=\"Password\" encrypted=\"true\"><esf:value>xyz</esf:value></esf:property>"),
                "a: pw is marked encrypted");
    }

    @Test
    void aBodyOverAMegabyteIsRefusedBeforeParsing() {
        byte[] big = new byte[EsfXmlReader.MAX_BYTES + 1];
        assertThatThrownBy(() -> EsfXmlReader.read(big)).hasMessageContaining("at most 1048576");
    }

    private static String conf(String properties) {
        return HEAD + "<esf:configurations " + ESF + "><esf:configuration pid=\"a\"><esf:properties>" + properties
                + "</esf:properties></esf:configuration></esf:configurations>";
    }

    private static void refused(String doc, String says) {
        assertThatThrownBy(() -> EsfXmlReader.read(bytes(doc))).as(doc).isInstanceOf(ConfRequestException.class)
                .hasMessageContaining(says);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

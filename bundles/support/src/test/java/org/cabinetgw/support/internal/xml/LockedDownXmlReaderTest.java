package org.cabinetgw.support.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

class LockedDownXmlReaderTest {

    private static Document parse(String xml) throws Exception {
        return LockedDownXmlReader.parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void aDocumentIsReadWithItsNamespaces() throws Exception {
        Document d = parse("<?xml version=\"1.0\"?><esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">"
                + "<esf:configuration pid='a&amp;b'/></esf:configurations>");
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("configurations");
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("http://eurotech.com/esf/2.0");
        assertThat(((org.w3c.dom.Element) d.getDocumentElement().getFirstChild()).getAttribute("pid")).isEqualTo("a&b");
    }

    @Test
    void aBillionLaughsIsRefusedAtItsDoctype() {
        String lol = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>";
        assertThatThrownBy(() -> parse(lol)).isInstanceOf(SAXParseException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "the secret");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><r>&x;</r>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(SAXParseException.class)
                .hasMessageNotContaining("the secret");
    }

    @Test
    void aDocumentThatIsNotWellFormedNamesItsLineAndPrintsNothing() {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true));
        try {
            assertThatThrownBy(() -> parse("<a>\n<b>\n</a>")).isInstanceOfSatisfying(SAXParseException.class,
                    e -> assertThat(e.getLineNumber()).isEqualTo(3));
        } finally {
            System.setErr(err);
        }
        assertThat(printed.toString()).isEmpty();
    }
}

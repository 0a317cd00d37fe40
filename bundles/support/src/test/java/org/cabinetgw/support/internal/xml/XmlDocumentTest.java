package org.cabinetgw.support.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class XmlDocumentTest {

    @Test
    void aDocumentWithItsDeclarationAndEveryTextEscaped() {
        byte[] doc = XmlDocument.write(w -> {
            w.writeStartElement("a");
            w.writeAttribute("name", "\"<&>'");
            w.writeCharacters("</a><b>caf\u00e9");
            w.writeEndElement();
        });
        assertThat(new String(doc, StandardCharsets.UTF_8)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<a name=\"&quot;&lt;&amp;&gt;'\">&lt;/a&gt;&lt;b&gt;caf\u00e9</a>");
    }
}

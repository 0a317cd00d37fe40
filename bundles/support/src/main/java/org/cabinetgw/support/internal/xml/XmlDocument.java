package org.cabinetgw.support.internal.xml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A small XML document written with the JDK's StAX writer, UTF-8 with its declaration: the documents a Kura cloud
 * reads (DEPLOY-V2's listings, CONF-V1's configurations). StAX escapes every text and attribute, so a value from a
 * manifest or a Metatype cannot change the document's structure.
 */
public final class XmlDocument {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private XmlDocument() {
    }

    /** What goes between the declaration and the end of the document. */
    public interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    /** The document's bytes. */
    public static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            // only an output error could cause it, and the output is memory
            throw new IllegalStateException("cannot write the XML document", e);
        }
        return out.toByteArray();
    }
}

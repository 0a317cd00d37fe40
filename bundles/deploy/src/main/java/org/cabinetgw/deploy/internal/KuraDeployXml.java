package org.cabinetgw.deploy.internal;

import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.cabinetgw.support.internal.xml.XmlDocument;

/**
 * The XML documents Kura's DEPLOY-V2 answers GET/packages and GET/bundles with, which Kapua's console parses to
 * show a device's packages and bundles:
 * <pre>
 * &lt;packages&gt;&lt;package&gt;&lt;name/&gt;&lt;version/&gt;&lt;bundles&gt;&lt;bundle&gt;&lt;name/&gt;&lt;version/&gt;&lt;/bundle&gt;...&lt;/bundles&gt;&lt;/package&gt;...&lt;/packages&gt;
 * &lt;bundles&gt;&lt;bundle&gt;&lt;name/&gt;&lt;version/&gt;&lt;id/&gt;&lt;state/&gt;&lt;/bundle&gt;...&lt;/bundles&gt;
 * </pre>
 * No namespace. Written with the JDK's StAX writer, which escapes every text (a bundle name is whatever a
 * manifest says); an element whose value is missing or blank is left out, as Kura does.
 */
final class KuraDeployXml {

    private KuraDeployXml() {
    }

    /** From {@link Listings#packages()}: name, version, bundles (name, version). */
    static byte[] packages(List<Map<String, Object>> packages) {
        return XmlDocument.write(w -> {
            w.writeStartElement("packages");
            for (Map<String, Object> p : packages) {
                w.writeStartElement("package");
                text(w, "name", p.get("name"));
                text(w, "version", p.get("version"));
                w.writeStartElement("bundles");
                for (Map<?, ?> b : maps(p.get("bundles"))) {
                    w.writeStartElement("bundle");
                    text(w, "name", b.get("name"));
                    text(w, "version", b.get("version"));
                    w.writeEndElement();
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    /** From {@link Listings#bundles()}: name, version, id, state. */
    static byte[] bundles(List<Map<String, Object>> bundles) {
        return XmlDocument.write(w -> {
            w.writeStartElement("bundles");
            for (Map<String, Object> b : bundles) {
                w.writeStartElement("bundle");
                text(w, "name", b.get("name"));
                text(w, "version", b.get("version"));
                text(w, "id", b.get("id"));
                text(w, "state", b.get("state"));
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    private static void text(XMLStreamWriter w, String element, Object value) throws XMLStreamException {
        if (value == null || value.toString().isBlank()) {
            return;
        }
        w.writeStartElement(element);
        w.writeCharacters(xmlSafe(value.toString()));
        w.writeEndElement();
    }

    /** XML 1.0 cannot carry most control characters even escaped; a hostile manifest must not break the document. */
    private static String xmlSafe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : '?'));
        return b.toString();
    }

    private static List<Map<?, ?>> maps(Object list) {
        if (!(list instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
    }
}

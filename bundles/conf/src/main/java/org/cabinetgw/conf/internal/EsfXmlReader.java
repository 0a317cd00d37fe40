package org.cabinetgw.conf.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.support.internal.xml.LockedDownXmlReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads Kura's configuration XML as a cloud sends it with PUT/configurations (and as a snapshot file holds it):
 * {@code esf:configurations} / {@code esf:configuration pid} / {@code esf:properties} / {@code esf:property name type
 * array} / {@code esf:value}. Elements are matched by local name (Kura writes the {@code esf} and {@code ocd}
 * prefixes, other writers may not); an {@code ocd:OCD} in a configuration is ignored (the gateway's own Metatype
 * is what counts).
 *
 * <p>The document comes from the network: a DOCTYPE is refused outright (no entity of any kind, so no XXE and no
 * billion laughs), no external schema or stylesheet is ever fetched, and the size is capped before parsing.
 */
final class EsfXmlReader {

    /** The largest document read: Kura's whole configuration is tens of kB; a megabyte is refused before parsing. */
    static final int MAX_BYTES = 1024 * 1024;

    private EsfXmlReader() {
    }

    /**
     * The configurations of the document, in document order.
     *
     * @throws ConfRequestException 400 naming what is wrong: not XML, a DOCTYPE, not {@code esf:configurations}, a
     *                              configuration without a pid, a property without a name, a PID twice
     */
    static List<EsfConfiguration> read(byte[] xml) throws ConfRequestException {
        if (xml.length == 0) {
            throw bad("the request has no body: PUT/configurations takes Kura's configuration XML (esf:configurations)");
        }
        if (xml.length > MAX_BYTES) {
            throw bad("the body is " + xml.length + " bytes; at most " + MAX_BYTES + " are read");
        }
        Element root = parse(xml).getDocumentElement();
        if (!"configurations".equals(localName(root))) {
            throw bad("the document is <" + root.getNodeName() + ">, not <esf:configurations>");
        }
        List<EsfConfiguration> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Element c : children(root, "configuration")) {
            String pid = c.getAttribute("pid").strip();
            if (pid.isEmpty()) {
                throw bad("an esf:configuration has no pid attribute");
            }
            if (seen.put(pid, Boolean.TRUE) != null) {
                throw bad(pid + ": the PID is given twice");
            }
            Map<String, EsfProperty> properties = new LinkedHashMap<>();
            for (Element ps : children(c, "properties")) {
                for (Element p : children(ps, "property")) {
                    EsfProperty property = property(pid, p);
                    if (properties.put(property.name(), property) != null) {
                        throw bad(pid + ": property " + property.name() + " is given twice");
                    }
                }
            }
            out.add(new EsfConfiguration(pid, properties));
        }
        return out;
    }

    private static EsfProperty property(String pid, Element p) throws ConfRequestException {
        String name = p.getAttribute("name").strip();
        if (name.isEmpty()) {
            throw bad(pid + ": an esf:property has no name attribute");
        }
        String type = p.getAttribute("type").strip();
        if (type.isEmpty()) {
            throw bad(pid + ": " + name + " has no type attribute");
        }
        List<String> values = new ArrayList<>();
        for (Element v : children(p, "value")) {
            values.add(v.getTextContent());
        }
        boolean array = Boolean.parseBoolean(p.getAttribute("array").strip());
        if (!array && values.size() != 1) {
            throw bad(pid + ": " + name + " is not an array and has " + values.size() + " values");
        }
        if (Boolean.parseBoolean(p.getAttribute("encrypted").strip())) {
            // Kura's ciphertext is made with a Kura gateway's own key: nothing here can read it
            throw bad(pid + ": " + name + " is marked encrypted; this gateway takes a new secret in clear (over TLS) "
                    + "and keeps it encrypted itself");
        }
        return new EsfProperty(name, type, array, values);
    }

    private static Document parse(byte[] xml) throws ConfRequestException {
        try {
            // locked down (bundles/support): no DOCTYPE, nothing fetched; the fault is the reply, nothing printed
            return LockedDownXmlReader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXParseException e) {
            throw bad("the body is not well-formed XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + "): " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw bad("the body is not readable XML: " + e.getMessage());
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(localName(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    private static ConfRequestException bad(String message) {
        return new ConfRequestException(CommandResponder.BAD_REQUEST, message);
    }
}

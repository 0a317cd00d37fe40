package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.Set;

import org.cabinetgw.support.internal.xml.LockedDownXmlReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The configuration PIDs named in a Declarative Services component descriptor ({@code OSGI-INF/*.xml}), read
 * with the JDK's XML parser (for {@link ConfigurationFirst}).
 *
 * <p>Why a parser and not patterns: a descriptor is XML from a bundle, which a deployment package brings from
 * outside. Comments, CDATA, attributes in single quotes, entity references in values and a {@code component}
 * element nested in a wrapper are all legal XML that patterns misread. The parser is locked down: a document
 * with a DOCTYPE is refused (no entity expansion, so no "billion laughs"; no external entity or DTD is ever
 * fetched), and the JDK's secure processing limits apply. A descriptor that is not well-formed or is refused
 * gives no PIDs (nothing is waited for) and a {@link Unreadable} naming its line; SCR reports it in its own
 * way when it reads it.
 */
final class ComponentDescriptors {

    /** The namespaces of Declarative Services' descriptors: {@code http://www.osgi.org/xmlns/scr/v1.x.0}. */
    private static final String SCR_NAMESPACE_PREFIX = "http://www.osgi.org/xmlns/scr/";

    private ComponentDescriptors() {
    }

    /** A descriptor that could not be read; the message names the line and the reason. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * Each component's configuration PIDs ({@code configuration-pid}, {@code $} meaning its name), else its
     * name. Components are the {@code component} elements in an SCR namespace, or a root {@code component}
     * without one (descriptors of version 1.0).
     */
    static Set<String> configurationPids(String xml) throws Unreadable {
        Document doc = parse(xml);
        Set<String> pids = new LinkedHashSet<>();
        Element root = doc.getDocumentElement();
        if (isComponent(root, true)) {
            addPids(root, pids);
        }
        NodeList all = root.getElementsByTagNameNS("*", "component");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (isComponent(e, false)) {
                addPids(e, pids);
            }
        }
        return pids;
    }

    private static boolean isComponent(Element e, boolean isRoot) {
        if (!"component".equals(e.getLocalName())) {
            return false;
        }
        String ns = e.getNamespaceURI();
        return ns == null ? isRoot : ns.startsWith(SCR_NAMESPACE_PREFIX);
    }

    private static void addPids(Element component, Set<String> pids) {
        String name = component.getAttribute("name").trim(); // "" when absent
        String configured = component.getAttribute("configuration-pid").trim();
        if (!configured.isEmpty()) {
            for (String pid : configured.split("\\s+")) {
                if (!"$".equals(pid)) {
                    pids.add(pid);
                } else if (!name.isEmpty()) {
                    pids.add(name);
                }
            }
        } else if (!name.isEmpty()) {
            pids.add(name);
        }
    }

    private static Document parse(String xml) throws Unreadable {
        try {
            return LockedDownXmlReader.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new Unreadable("line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new Unreadable(e.getMessage());
        }
    }
}

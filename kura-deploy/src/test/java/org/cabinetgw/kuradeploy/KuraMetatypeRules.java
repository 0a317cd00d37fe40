package org.cabinetgw.kuradeploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What Kura's web UI needs from a bundle's Metatype to list and edit a component: Kura finds a
 * component's description at {@code OSGI-INF/metatype/<pid>.xml}, renders every attribute from its
 * name, description, type and default, masks {@code Password} attributes, and creates instances only
 * of factories. A rule broken here is a component an integrator cannot configure on a Kura gateway.
 */
final class KuraMetatypeRules {

    /** The attribute types Kura's configuration UI renders. */
    static final Set<String> KURA_TYPES = Set.of("String", "Long", "Double", "Float", "Integer", "Byte", "Char",
            "Boolean", "Short", "Password");

    /** Attribute ids or names that hold a secret: they must be Password so Kura masks and encrypts them. */
    static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|secret|token|passphrase|credential|private[._-]?key).*");

    /** How a DS component of the same bundle takes its configuration. */
    record ComponentConfig(String name, String configurationPid, String policy) {
    }

    private KuraMetatypeRules() {
    }

    /**
     * Every rule {@code xml} (the file {@code OSGI-INF/metatype/<fileName>}) breaks, as sentences
     * naming the file and the attribute; empty when Kura accepts it.
     *
     * @param components the DS components of the same bundle, by configuration PID
     */
    static List<String> violations(String fileName, byte[] xml, Map<String, ComponentConfig> components) {
        List<String> problems = new ArrayList<>();
        Document doc;
        try {
            doc = parser().parse(BuiltPackage.open(xml));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            problems.add(fileName + ": not well-formed XML: " + e.getMessage());
            return problems;
        }
        String pid = fileName.endsWith(".xml") ? fileName.substring(0, fileName.length() - 4) : fileName;

        NodeList ocds = doc.getElementsByTagName("OCD");
        if (ocds.getLength() != 1) {
            problems.add(fileName + ": has " + ocds.getLength() + " OCD elements, Kura reads exactly one per file");
        }
        for (int i = 0; i < ocds.getLength(); i++) {
            Element ocd = (Element) ocds.item(i);
            if (!pid.equals(ocd.getAttribute("id"))) {
                problems.add(fileName + ": OCD id '" + ocd.getAttribute("id") + "' is not the file name's PID '" + pid + "'");
            }
            requireText(problems, fileName, "OCD " + ocd.getAttribute("id"), ocd, "name");
            requireText(problems, fileName, "OCD " + ocd.getAttribute("id"), ocd, "description");
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                checkAttribute(problems, fileName, (Element) ads.item(j));
            }
        }

        NodeList designates = doc.getElementsByTagName("Designate");
        if (designates.getLength() == 0) {
            problems.add(fileName + ": no Designate: nothing ties this description to a PID");
        }
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            String factoryPid = d.getAttribute("factoryPid");
            String designated = factoryPid.isEmpty() ? d.getAttribute("pid") : factoryPid;
            if (!pid.equals(designated)) {
                problems.add(fileName + ": designates '" + designated + "', but the file name says '" + pid + "'");
            }
            ComponentConfig component = components.get(designated);
            if (component == null) {
                problems.add(fileName + ": no component of the bundle takes configuration PID '" + designated + "'");
            } else if (!factoryPid.isEmpty() && !"require".equals(component.policy())) {
                // A factory whose component does not require configuration would also run once
                // unconfigured: Kura would show instances the integrator never created.
                problems.add(fileName + ": factory '" + designated + "' but component " + component.name()
                        + " has configuration-policy '" + component.policy() + "', not 'require'");
            }
        }
        return problems;
    }

    private static void checkAttribute(List<String> problems, String file, Element ad) {
        String id = ad.getAttribute("id");
        String where = "attribute '" + id + "'";
        if (id.isEmpty()) {
            problems.add(file + ": an AD has no id");
        }
        requireText(problems, file, where, ad, "name");
        requireText(problems, file, where, ad, "description");
        String type = ad.getAttribute("type");
        if (type.isEmpty()) {
            problems.add(file + ": " + where + " has no type");
        } else if (!KURA_TYPES.contains(type)) {
            problems.add(file + ": " + where + " has type '" + type + "', which Kura does not render (one of " + KURA_TYPES + ")");
        }
        if (!ad.hasAttribute("default")) {
            problems.add(file + ": " + where + " has no default");
        }
        // a Boolean holds no secret, whatever its name says (allow.cleartext.credentials is a switch)
        boolean secret = !"Boolean".equals(ad.getAttribute("type"))
                && (SECRET.matcher(id).matches() || SECRET.matcher(ad.getAttribute("name")).matches());
        if (secret && !"Password".equals(type)) {
            problems.add(file + ": " + where + " holds a secret but has type '" + type + "', not Password");
        }
    }

    private static void requireText(List<String> problems, String file, String what, Element e, String attribute) {
        if (e.getAttribute(attribute).isBlank()) {
            problems.add(file + ": " + what + " has no " + attribute);
        }
    }

    /**
     * Components that cannot run without a configuration but have no description: Kura's UI cannot
     * create that configuration, so on a Kura gateway they never start.
     */
    static List<String> undescribed(String bundle, Map<String, ComponentConfig> components, Set<String> describedPids) {
        List<String> problems = new ArrayList<>();
        for (ComponentConfig c : components.values()) {
            if ("require".equals(c.policy()) && !describedPids.contains(c.configurationPid())) {
                problems.add(bundle + ": component " + c.name() + " requires configuration " + c.configurationPid()
                        + " but OSGI-INF/metatype/" + c.configurationPid() + ".xml does not exist");
            }
        }
        return problems;
    }

    /** Components (OSGI-INF/*.xml, Declarative Services) by configuration PID. */
    static void addComponents(byte[] xml, Map<String, ComponentConfig> into) {
        try {
            Document doc = parser().parse(BuiltPackage.open(xml));
            Element root = doc.getDocumentElement();
            if (!root.getTagName().endsWith("component")) {
                return;
            }
            String name = root.getAttribute("name");
            String pids = root.hasAttribute("configuration-pid") ? root.getAttribute("configuration-pid") : name;
            String policy = root.hasAttribute("configuration-policy") ? root.getAttribute("configuration-policy") : "optional";
            for (String pid : pids.trim().split("\\s+")) {
                into.put(pid, new ComponentConfig(name, pid, policy));
            }
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalStateException("component description is not well-formed: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                throw e; // reported as a violation, not printed
            }
        });
        return b;
    }
}

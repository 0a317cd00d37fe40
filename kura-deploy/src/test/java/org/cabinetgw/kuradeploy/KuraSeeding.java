package org.cabinetgw.kuradeploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What Kura's ConfigurationService writes into ConfigAdmin for a singleton PID as soon as the bundle that
 * describes it is ACTIVE (bridge/README.md): the Metatype default of every attribute (an empty default is
 * no value), typed as the attribute says, a list when the default has several comma-separated values
 * ("\," is a comma inside a value), and kura.service.pid = the PID. Factory PIDs get nothing until an
 * instance is made. A Password default would be stored encrypted by Kura; here it stays as written.
 */
final class KuraSeeding {

    private KuraSeeding() {
    }

    /** PID -> the properties Kura seeds, for every singleton Designate of one Metatype document. */
    static Map<String, Map<String, Object>> singletonDefaults(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(BuiltPackage.open(xml));
        Map<String, Element> ocds = new HashMap<>();
        NodeList ocdList = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocdList.getLength(); i++) {
            Element ocd = (Element) ocdList.item(i);
            ocds.put(ocd.getAttribute("id"), ocd);
        }
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            if (!d.getAttribute("factoryPid").isEmpty() || d.getAttribute("pid").isEmpty()) {
                continue;
            }
            Element object = (Element) d.getElementsByTagName("Object").item(0);
            Element ocd = object == null ? null : ocds.get(object.getAttribute("ocdref"));
            if (ocd == null) {
                continue;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                Object value = value(ad);
                if (value != null) {
                    props.put(ad.getAttribute("id"), value);
                }
            }
            props.put("kura.service.pid", d.getAttribute("pid"));
            result.put(d.getAttribute("pid"), props);
        }
        return result;
    }

    static Object value(Element ad) {
        String def = ad.getAttribute("default");
        if (def.isEmpty()) {
            return null;
        }
        List<String> parts = split(def);
        String type = ad.getAttribute("type");
        int cardinality = ad.getAttribute("cardinality").isEmpty() ? 0 : Integer.parseInt(ad.getAttribute("cardinality"));
        if (Math.abs(cardinality) <= 1) {
            return typed(type, parts.get(0));
        }
        Object[] array = switch (type) {
            case "Integer" -> new Integer[parts.size()];
            case "Long" -> new Long[parts.size()];
            case "Boolean" -> new Boolean[parts.size()];
            case "Double" -> new Double[parts.size()];
            case "Float" -> new Float[parts.size()];
            case "Short" -> new Short[parts.size()];
            case "Byte" -> new Byte[parts.size()];
            case "Char" -> new Character[parts.size()];
            default -> new String[parts.size()];
        };
        for (int i = 0; i < array.length; i++) {
            array[i] = typed(type, parts.get(i));
        }
        return array;
    }

    private static Object typed(String type, String v) {
        return switch (type) {
            case "Integer" -> Integer.valueOf(v);
            case "Long" -> Long.valueOf(v);
            case "Boolean" -> Boolean.valueOf(v);
            case "Double" -> Double.valueOf(v);
            case "Float" -> Float.valueOf(v);
            case "Short" -> Short.valueOf(v);
            case "Byte" -> Byte.valueOf(v);
            case "Char" -> v.charAt(0);
            default -> v;
        };
    }

    /** Splits at commas not escaped with a backslash; trims each value. */
    static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                parts.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString().trim());
        return parts;
    }
}

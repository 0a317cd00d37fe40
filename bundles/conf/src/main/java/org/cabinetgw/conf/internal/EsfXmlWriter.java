package org.cabinetgw.conf.internal;

import java.util.List;
import java.util.function.Function;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.cabinetgw.support.internal.xml.XmlDocument;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Writes Kura's configuration XML, the document Kapua's console reads to show and edit a device's settings:
 * <pre>
 * &lt;esf:configurations xmlns:esf="http://eurotech.com/esf/2.0" xmlns:ocd="http://www.osgi.org/xmlns/metatype/v1.2.0"&gt;
 *   &lt;esf:configuration pid="..."&gt;
 *     &lt;ocd:OCD id name description&gt;&lt;ocd:AD id name type cardinality required default description min max&gt;&lt;ocd:Option label value/&gt;...
 *     &lt;esf:properties&gt;&lt;esf:property name array encrypted type&gt;&lt;esf:value&gt;...&lt;/esf:value&gt;...
 * </pre>
 * and the list of snapshots ({@code esf:snapshot-ids} / {@code esf:snapshotIds}). The JDK's StAX writer escapes every
 * text and attribute (a description is whatever a bundle's Metatype says).
 */
final class EsfXmlWriter {

    static final String ESF = "http://eurotech.com/esf/2.0";
    static final String OCD = "http://www.osgi.org/xmlns/metatype/v1.2.0";

    private EsfXmlWriter() {
    }

    /**
     * {@code esf:configurations}, each configuration with its {@code ocd:OCD} when {@code ocds} gives one (GET
     * configurations) and without it when it gives null (a snapshot: values only, as Kura keeps them).
     */
    static byte[] configurations(List<EsfConfiguration> configurations, Function<String, ObjectClassDefinition> ocds) {
        return XmlDocument.write(w -> {
            w.writeStartElement("esf", "configurations", ESF);
            w.writeNamespace("esf", ESF);
            w.writeNamespace("ocd", OCD);
            for (EsfConfiguration c : configurations) {
                w.writeStartElement("esf", "configuration", ESF);
                w.writeAttribute("pid", c.pid());
                ObjectClassDefinition ocd = ocds.apply(c.pid());
                if (ocd != null) {
                    ocd(w, ocd);
                }
                w.writeStartElement("esf", "properties", ESF);
                for (EsfProperty p : c.properties().values()) {
                    w.writeStartElement("esf", "property", ESF);
                    w.writeAttribute("name", p.name());
                    w.writeAttribute("array", Boolean.toString(p.array()));
                    w.writeAttribute("encrypted", "false");
                    w.writeAttribute("type", p.type());
                    for (String v : p.values()) {
                        w.writeStartElement("esf", "value", ESF);
                        w.writeCharacters(v);
                        w.writeEndElement();
                    }
                    w.writeEndElement();
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    /** {@code esf:snapshot-ids} with one {@code esf:snapshotIds} per id, oldest first, as Kura lists them. */
    static byte[] snapshotIds(List<Long> ids) {
        return XmlDocument.write(w -> {
            w.writeStartElement("esf", "snapshot-ids", ESF);
            w.writeNamespace("esf", ESF);
            for (Long id : ids) {
                w.writeStartElement("esf", "snapshotIds", ESF);
                w.writeCharacters(Long.toString(id));
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    private static void ocd(XMLStreamWriter w, ObjectClassDefinition ocd) throws XMLStreamException {
        w.writeStartElement("ocd", "OCD", OCD);
        attribute(w, "id", ocd.getID());
        attribute(w, "name", ocd.getName());
        attribute(w, "description", ocd.getDescription());
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            w.writeStartElement("ocd", "AD", OCD);
            attribute(w, "id", ad.getID());
            attribute(w, "name", ad.getName());
            attribute(w, "type", KuraTypes.name(ad.getType()));
            w.writeAttribute("cardinality", Integer.toString(ad.getCardinality()));
            w.writeAttribute("required", Boolean.toString(contains(required, ad)));
            String[] defaults = ad.getDefaultValue();
            // a Password's default is a secret too (a shipped default password): never sent
            if (defaults != null && ad.getType() != AttributeDefinition.PASSWORD) {
                attribute(w, "default", String.join(",", defaults));
            }
            attribute(w, "description", ad.getDescription());
            // no min and max: the Metatype API does not give them (only validate()); a value out of range is refused
            // by the PUT with the Metatype's own sentence
            String[] labels = ad.getOptionLabels();
            String[] values = ad.getOptionValues();
            for (int i = 0; values != null && i < values.length; i++) {
                w.writeEmptyElement("ocd", "Option", OCD);
                attribute(w, "label", labels != null && i < labels.length ? labels[i] : values[i]);
                attribute(w, "value", values[i]);
            }
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private static boolean contains(AttributeDefinition[] ads, AttributeDefinition ad) {
        for (AttributeDefinition a : ads == null ? new AttributeDefinition[0] : ads) {
            if (a.getID().equals(ad.getID())) {
                return true;
            }
        }
        return false;
    }

    private static void attribute(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        if (value != null) {
            w.writeAttribute(name, value);
        }
    }
}

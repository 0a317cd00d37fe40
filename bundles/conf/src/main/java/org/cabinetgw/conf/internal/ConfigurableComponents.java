package org.cabinetgw.conf.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cabinetgw.support.internal.text.SecretNames;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The configurations the cloud sees, as Kura's ConfigurableComponents: every PID some bundle describes with a
 * Metatype (a singleton PID), and every configuration of a factory PID so described; each with its Metatype and its
 * values (stored, else the Metatype's defaults). Read from the framework at each request: a bundle installed a
 * moment ago is there.
 */
final class ConfigurableComponents {

    /** What goes out instead of a secret's value; sent back unchanged, it keeps the secret as it is. */
    static final String SECRET_PLACEHOLDER = "********";

    /** One PID: its Metatype and, when a configuration exists, the configuration. */
    record Configurable(String pid, String factoryPid, ObjectClassDefinition ocd, Configuration configuration) {

        /** The stored properties; empty when nothing is stored yet. */
        Dictionary<String, Object> stored() {
            Dictionary<String, Object> p = configuration == null ? null : configuration.getProperties();
            return p == null ? new java.util.Hashtable<>() : p;
        }

        AttributeDefinition attribute(String id) {
            for (AttributeDefinition ad : all(ocd)) {
                if (ad.getID().equals(id)) {
                    return ad;
                }
            }
            return null;
        }
    }

    private final BundleContext context;
    private final MetaTypeService metatype;
    private final ConfigurationAdmin configurationAdmin;

    ConfigurableComponents(BundleContext context, MetaTypeService metatype, ConfigurationAdmin configurationAdmin) {
        this.context = context;
        this.metatype = metatype;
        this.configurationAdmin = configurationAdmin;
    }

    /** Every configurable PID, sorted. */
    Map<String, Configurable> all() throws IOException {
        Map<String, ObjectClassDefinition> singletons = new TreeMap<>();
        Map<String, ObjectClassDefinition> factories = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info;
            try {
                info = metatype.getMetaTypeInformation(b);
            } catch (RuntimeException e) {
                continue; // a bundle going away
            }
            if (info == null) {
                continue;
            }
            for (String pid : nonNull(info.getPids())) {
                put(singletons, pid, info);
            }
            for (String pid : nonNull(info.getFactoryPids())) {
                put(factories, pid, info);
            }
        }
        Map<String, Configurable> out = new TreeMap<>();
        for (Map.Entry<String, ObjectClassDefinition> s : singletons.entrySet()) {
            out.put(s.getKey(), new Configurable(s.getKey(), null, s.getValue(), find(s.getKey())));
        }
        Configuration[] configurations;
        try {
            configurations = configurationAdmin.listConfigurations(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
        for (Configuration c : configurations == null ? new Configuration[0] : configurations) {
            ObjectClassDefinition ocd = c.getFactoryPid() == null ? null : factories.get(c.getFactoryPid());
            if (ocd != null) {
                out.put(c.getPid(), new Configurable(c.getPid(), c.getFactoryPid(), ocd, c));
            }
        }
        return out;
    }

    /** One PID, or null when no Metatype describes it. */
    Configurable one(String pid) throws IOException {
        return all().get(pid);
    }

    /**
     * The component's values as Kura's properties, one per Metatype attribute: the stored value, else the
     * Metatype's default; an attribute with neither is left out. A secret (a Password attribute, or a name that says
     * secret) goes as {@link #SECRET_PLACEHOLDER}, never its value.
     */
    static EsfConfiguration forCloud(Configurable c) {
        return view(c, true);
    }

    /**
     * The values a snapshot keeps: the stored ones only (a Metatype's default is not a setting anyone made, and some
     * bundles' defaults do not pass their own Metatype), without any secret (a snapshot file holds no secret); null
     * when nothing is stored for the PID.
     */
    static EsfConfiguration forSnapshot(Configurable c) {
        return c.configuration() == null || c.configuration().getProperties() == null ? null : view(c, false);
    }

    private static EsfConfiguration view(Configurable c, boolean forCloud) {
        boolean placeholderForSecrets = forCloud;
        Dictionary<String, Object> stored = c.stored();
        Map<String, EsfProperty> properties = new LinkedHashMap<>();
        for (AttributeDefinition ad : all(c.ocd())) {
            Object value = stored.get(ad.getID());
            List<String> texts = value != null ? KuraTypes.texts(value)
                    : forCloud && ad.getDefaultValue() != null ? List.of(ad.getDefaultValue()) : null;
            if (texts == null) {
                continue;
            }
            boolean array = ad.getCardinality() != 0;
            if (isSecret(ad)) {
                if (!placeholderForSecrets) {
                    continue;
                }
                texts = texts.isEmpty() ? texts : Collections.nCopies(array ? texts.size() : 1, SECRET_PLACEHOLDER);
            }
            if (!array && texts.size() != 1) {
                continue; // a stored value the Metatype does not allow; the configuration check reports it
            }
            properties.put(ad.getID(), new EsfProperty(ad.getID(), KuraTypes.name(ad.getType()), array, texts));
        }
        return new EsfConfiguration(c.pid(), properties);
    }

    /** A Password attribute, or one whose name says it is a secret (the secrets bundle encrypts those too). */
    static boolean isSecret(AttributeDefinition ad) {
        return ad.getType() == AttributeDefinition.PASSWORD || SecretNames.isSecret(ad.getID());
    }

    static AttributeDefinition[] all(ObjectClassDefinition ocd) {
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        return ads == null ? new AttributeDefinition[0] : ads;
    }

    private Configuration find(String pid) throws IOException {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // escaped
        }
    }

    private static void put(Map<String, ObjectClassDefinition> into, String pid, MetaTypeInformation info) {
        try {
            ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
            if (ocd != null) {
                into.putIfAbsent(pid, ocd);
            }
        } catch (RuntimeException e) {
            // a broken Metatype in one bundle: that PID is not offered, the others are
        }
    }

    private static String[] nonNull(String[] a) {
        return a == null ? new String[0] : a;
    }

    /** Escapes a PID for an LDAP filter. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}

package org.cabinetgw.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

import javax.xml.parsers.DocumentBuilderFactory;

import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the features inside the runtime jar say about configuration, read without starting anything: every
 * bundle's Metatype ({@code OSGI-INF/metatype/*.xml}: which PIDs and factory PIDs exist, their settings, types,
 * ranges and options) and every feature's default configuration ({@code OSGI-INF/configurator/*.json}). The
 * bundles are the jar's own ({@code bundles/}, {@code demo-bundles/}) and those inside its seed packages
 * ({@code seeds/*.dp}, jars in a jar).
 */
final class FeatureCatalog {

    /** One setting of an Object Class Definition. */
    record Setting(String id, String type, int cardinality, String min, String max, List<String> options,
            boolean required) {
    }

    /** The settings of one PID or factory PID. */
    record Definition(String pid, boolean factory, Map<String, Setting> settings) {
    }

    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> defaults = new LinkedHashMap<>();
    /** Per PID (or factory PID): settings renamed in this release, old name to new (CHANGES.md rule 5). */
    private final Map<String, Map<String, String>> renamed = new LinkedHashMap<>();

    /** The definition of a PID or of the factory of {@code factoryPid~name}; null when no bundle describes it. */
    Definition definition(String pid) {
        String factory = SiteFile.factoryPid(pid);
        Definition d = definitions.get(factory != null ? factory : pid);
        if (d == null || d.factory() != (factory != null)) {
            return null;
        }
        return d;
    }

    /** Every PID and factory PID known, for suggestions. */
    java.util.Set<String> pids() {
        return definitions.keySet();
    }

    /** The features' default settings of a PID (as the Configurator applies them), or an empty map. */
    Map<String, Object> defaults(String pid) {
        return defaults.getOrDefault(pid, Map.of());
    }

    /**
     * The new name of a setting renamed in this release, or null: the bundles' own tables
     * ({@code OSGI-INF/renamed-settings/<pid>.properties}, which their components read too).
     */
    String renamedTo(String pid, String key) {
        String factory = SiteFile.factoryPid(pid);
        return renamed.getOrDefault(factory != null ? factory : pid, Map.of()).get(key);
    }

    /**
     * The site file with every old name under its new one, as the components would read it (rule 5): the new
     * name wins where both are given. {@link SiteCheck} has said which names are old.
     */
    SiteFile withCurrentNames(SiteFile site) {
        Map<String, Map<String, Object>> pids = new LinkedHashMap<>();
        site.pids().forEach((pid, values) -> {
            Map<String, Object> current = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                String now = renamedTo(pid, key);
                if (now == null) {
                    current.put(key, value);
                } else if (!values.containsKey(now)) {
                    current.put(now, value);
                }
            });
            pids.put(pid, current);
        });
        return new SiteFile(site.file(), pids);
    }

    void addRenamed(String pid, Map<String, String> oldToNew) {
        renamed.computeIfAbsent(pid, p -> new LinkedHashMap<>()).putAll(oldToNew);
    }

    /** The catalog of the jar this class runs from. */
    static FeatureCatalog ofThisJar() throws IOException {
        Path self;
        try {
            self = Path.of(FeatureCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the runtime jar", e);
        }
        FeatureCatalog catalog = new FeatureCatalog();
        if (!Files.isRegularFile(self)) {
            return catalog; // run from classes (unit tests): nothing embedded
        }
        try (JarFile jar = new JarFile(self.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if ((name.startsWith("bundles/") || name.startsWith("demo-bundles/")) && ours(name)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        catalog.addBundle(in.readAllBytes());
                    }
                } else if (name.startsWith("seeds/") && name.endsWith(".dp")) {
                    try (JarInputStream dp = new JarInputStream(jar.getInputStream(entry))) {
                        for (ZipEntry e = dp.getNextEntry(); e != null; e = dp.getNextEntry()) {
                            if (ours(e.getName())) {
                                catalog.addBundle(dp.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
        return catalog;
    }

    /**
     * Only our own bundles are read: the check judges only org.cabinetgw PIDs, and the others (Jetty, the web
     * console, ...) are most of the jar's bytes (reading them all took 2-3 s, at every start with --config).
     */
    private static boolean ours(String entryName) {
        String file = entryName.substring(entryName.lastIndexOf('/') + 1);
        return file.startsWith("org.cabinetgw.") && file.endsWith(".jar");
    }

    /** Adds what one bundle (its bytes) describes. */
    void addBundle(byte[] bundle) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                if (name.startsWith("OSGI-INF/metatype/") && name.endsWith(".xml")) {
                    addMetatype(in.readAllBytes());
                } else if (name.startsWith("OSGI-INF/configurator/") && name.endsWith(".json")) {
                    addFeatureDefaults(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } else if (name.startsWith(RENAMED) && name.endsWith(".properties")) {
                    addRenamed(name.substring(RENAMED.length(), name.length() - ".properties".length()),
                            RenamedSettings.parse(new ByteArrayInputStream(in.readAllBytes())));
                }
            }
        }
    }

    /** Where a bundle keeps its rename tables, read as the bundle reads them (shaded in from bundles/support). */
    private static final String RENAMED = RenamedSettings.RESOURCE_FOLDER;

    void addMetatype(byte[] xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IOException("a bundle's Metatype cannot be read: " + e.getMessage(), e);
        }
        Map<String, Map<String, Setting>> ocds = new HashMap<>();
        for (Element ocd : children(doc.getDocumentElement(), "OCD")) {
            Map<String, Setting> settings = new LinkedHashMap<>();
            for (Element ad : children(ocd, "AD")) {
                List<String> options = new ArrayList<>();
                for (Element option : children(ad, "Option")) {
                    options.add(option.getAttribute("value"));
                }
                String cardinality = ad.getAttribute("cardinality");
                settings.put(ad.getAttribute("id"), new Setting(ad.getAttribute("id"),
                        ad.getAttribute("type").isEmpty() ? "String" : ad.getAttribute("type"),
                        cardinality.isEmpty() ? 0 : Integer.parseInt(cardinality), emptyToNull(ad.getAttribute("min")),
                        emptyToNull(ad.getAttribute("max")), options, !"false".equals(ad.getAttribute("required"))));
            }
            ocds.put(ocd.getAttribute("id"), settings);
        }
        for (Element designate : children(doc.getDocumentElement(), "Designate")) {
            boolean factory = !designate.getAttribute("factoryPid").isEmpty();
            String pid = factory ? designate.getAttribute("factoryPid") : designate.getAttribute("pid");
            for (Element object : children(designate, "Object")) {
                Map<String, Setting> settings = ocds.get(object.getAttribute("ocdref"));
                if (settings != null && !pid.isEmpty()) {
                    definitions.put(pid, new Definition(pid, factory, settings));
                }
            }
        }
    }

    void addFeatureDefaults(String name, String json) throws IOException {
        SiteFile file;
        try {
            file = SiteFile.parse(Path.of(name), json);
        } catch (SiteFile.Unusable e) {
            throw new IOException("a feature's default configuration cannot be read: " + e.getMessage(), e);
        }
        file.pids().forEach((pid, values) -> defaults.computeIfAbsent(pid, p -> new LinkedHashMap<>()).putAll(values));
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e) {
                String tag = e.getTagName();
                String local = tag.contains(":") ? tag.substring(tag.indexOf(':') + 1) : tag;
                if (local.equals(localName)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

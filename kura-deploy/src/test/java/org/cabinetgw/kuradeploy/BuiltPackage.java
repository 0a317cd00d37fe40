package org.cabinetgw.kuradeploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The deployment package this module's build just made (system property {@code dp.file}, set by
 * kura-deploy/pom.xml), read as raw bytes: entry order, manifest, and every bundle inside.
 */
final class BuiltPackage {

    final Path file;
    final List<String> entryOrder = new ArrayList<>();
    final Map<String, byte[]> entries = new LinkedHashMap<>();
    final Manifest manifest;

    private BuiltPackage(Path file) throws IOException {
        this.file = file;
        Manifest m = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                byte[] bytes = zip.readAllBytes();
                entryOrder.add(e.getName());
                entries.put(e.getName(), bytes);
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    m = new Manifest(new ByteArrayInputStream(bytes));
                }
            }
        }
        if (m == null) {
            throw new IOException(file + " has no manifest");
        }
        manifest = m;
    }

    static BuiltPackage load() throws IOException {
        String path = System.getProperty("dp.file");
        if (path == null) {
            throw new IllegalStateException("system property dp.file is not set: run through Maven (kura-deploy/pom.xml sets it)");
        }
        return new BuiltPackage(Path.of(path));
    }

    /** Bundle entries (under bundles/), in package order. */
    List<String> bundleEntries() {
        return entryOrder.stream().filter(n -> n.startsWith("bundles/")).toList();
    }

    /** The manifest of the bundle stored at {@code entry}. */
    Manifest bundleManifest(String entry) throws IOException {
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(entries.get(entry)))) {
            Manifest m = jar.getManifest();
            if (m == null) {
                throw new IOException(entry + " has no manifest");
            }
            return m;
        }
    }

    /** Each file of the bundle at {@code entry} whose name starts with {@code prefix}, by name. */
    Map<String, byte[]> bundleFiles(String entry, String prefix) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(entries.get(entry)))) {
            for (ZipEntry e; (e = jar.getNextEntry()) != null;) {
                if (!e.isDirectory() && e.getName().startsWith(prefix)) {
                    files.put(e.getName(), jar.readAllBytes());
                }
            }
        }
        return files;
    }

    /**
     * The bundles this package carries for Kura only, beyond its feature (system property
     * {@code dp.kura.only}, comma-separated; "none" or unset: none): they need Kura's API.
     */
    static java.util.Set<String> kuraOnly() {
        String v = System.getProperty("dp.kura.only", "none").trim();
        java.util.Set<String> result = new java.util.TreeSet<>();
        if (!v.isEmpty() && !v.equals("none")) {
            for (String bsn : v.split(",")) {
                if (!bsn.isBlank()) {
                    result.add(bsn.trim());
                }
            }
        }
        return result;
    }

    static String bsn(Manifest m) {
        String v = m.getMainAttributes().getValue("Bundle-SymbolicName");
        return v == null ? null : v.split(";")[0].trim();
    }

    static InputStream open(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}

package org.cabinetgw.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Makes the installed bundles match the ones inside the runtime jar, keeping the framework cache
 * (and so every bundle's data and state) across restarts: a bundle whose bytes changed is updated
 * in place, a new one installed, one no longer shipped uninstalled. Bundles installed later by
 * other means (a deployment package) are left alone.
 */
final class EmbeddedBundles {

    static final String LOCATION_PREFIX = "cabinetgw:embedded:";
    /** Where the production jar keeps its bundles. */
    private static final String GATEWAY = "bundles";
    /** Where the demo jar keeps its bundles (the gateway's plus the simulators); only the demo jar has it. */
    private static final String DEMO = "demo-bundles";

    /**
     * One bundle in the jar; its location is its symbolic name, so a new version updates in place. {@code bytes}
     * is null for one known to be installed as it is (not read at all).
     */
    private record Embedded(String symbolicName, byte[] bytes, String digest) {
    }

    private EmbeddedBundles() {
    }

    /** Installs/updates/uninstalls; returns the bundles to start, in index order. */
    static List<Bundle> reconcile(BundleContext context, Path digestsFile, StartLevels levels)
            throws IOException, BundleException, InterruptedException {
        Properties digests = new Properties();
        if (Files.exists(digestsFile)) {
            try (InputStream in = Files.newInputStream(digestsFile)) {
                digests.load(in);
            }
        }
        List<Embedded> embedded = readEmbedded(context, digests);
        List<Bundle> changed = new ArrayList<>();
        List<Bundle> toStart = new ArrayList<>();
        java.util.Set<String> shipped = new java.util.HashSet<>();
        for (Embedded e : embedded) {
            String location = LOCATION_PREFIX + e.symbolicName();
            shipped.add(location);
            Bundle b = context.getBundle(location);
            if (b == null) {
                b = context.installBundle(location, new ByteArrayInputStream(e.bytes()));
            } else if (!e.digest().equals(digests.getProperty(location))) {
                b.update(new ByteArrayInputStream(e.bytes()));
                changed.add(b);
            }
            digests.setProperty(location, e.digest());
            // Logging first: bundles that log before a LogService exists write to stdout instead.
            b.adapt(BundleStartLevel.class).setStartLevel(levels.levelOf(e.symbolicName()));
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                toStart.add(b);
            }
        }
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(LOCATION_PREFIX) && !shipped.contains(b.getLocation())) {
                b.uninstall();
                digests.remove(b.getLocation());
                changed.add(b);
            }
        }
        if (!changed.isEmpty()) {
            refresh(context, changed);
        }
        Path tmp = digestsFile.resolveSibling(digestsFile.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            digests.store(out, "each embedded bundle last installed: its entry's CRC-32, size and name in the jar");
        }
        Files.move(tmp, digestsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return toStart;
    }

    /** True when this is the demo jar. */
    static boolean isDemo() {
        return EmbeddedBundles.class.getClassLoader().getResource(DEMO + "/") != null;
    }

    /**
     * Every bundle inside the runtime jar, in name order. One whose entry is what was last installed at its
     * location (its CRC-32, size and name, read from the jar's central directory at no cost) is not read: a
     * restart used to read, hash (SHA-256, with the quick compiler alone) and parse all 38 of them, about 8 MB, to
     * find them unchanged. The CRC-32 detects any change a build makes; the jar itself is trusted code (it is
     * what runs), so this is no security check. A fingerprint of an earlier launcher (a SHA-256) matches nothing:
     * each bundle is then updated once.
     */
    private static List<Embedded> readEmbedded(BundleContext context, Properties installed) throws IOException {
        Path self;
        try {
            self = Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the runtime jar", e);
        }
        if (!Files.isRegularFile(self)) {
            throw new IOException("start the gateway from its jar (runtime/target/cabinetgw.jar), not from " + self);
        }
        String directory = isDemo() ? DEMO : GATEWAY;
        List<Embedded> result = new ArrayList<>();
        try (JarFile jar = new JarFile(self.toFile())) {
            List<JarEntry> entries = jar.stream()
                    .filter(e -> e.getName().startsWith(directory + "/") && e.getName().endsWith(".jar"))
                    .sorted(java.util.Comparator.comparing(JarEntry::getName)).toList();
            Map<String, String> locationByFingerprint = new HashMap<>();
            installed.stringPropertyNames().forEach(l -> locationByFingerprint.put(installed.getProperty(l), l));
            for (JarEntry entry : entries) {
                String fingerprint = entry.getCrc() < 0 ? null
                        : "crc32:" + Long.toHexString(entry.getCrc()) + ":" + entry.getSize() + ":" + entry.getName();
                String location = fingerprint == null ? null : locationByFingerprint.get(fingerprint);
                if (location != null && context.getBundle(location) != null) {
                    result.add(new Embedded(location.substring(LOCATION_PREFIX.length()), null, fingerprint));
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    byte[] bytes = in.readAllBytes();
                    result.add(new Embedded(symbolicName(entry.getName(), bytes), bytes,
                            fingerprint != null ? fingerprint : "sha-256:" + sha256(bytes)));
                }
            }
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Embedded e : result) {
            if (!seen.add(e.symbolicName())) {
                throw new IOException("two bundles named " + e.symbolicName() + " inside " + self
                        + ": the runtime jar was built from a dirty directory");
            }
        }
        if (result.isEmpty()) {
            throw new IOException("no bundles inside " + self + ": it was not built by the runtime module");
        }
        return result;
    }

    private static String symbolicName(String name, byte[] bytes) throws IOException {
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            Manifest m = jar.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null) {
                throw new IOException(name + " is not an OSGi bundle (no Bundle-SymbolicName)");
            }
            return bsn.split(";")[0].strip();
        }
    }

    private static void refresh(BundleContext context, List<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        done.await(60, TimeUnit.SECONDS);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

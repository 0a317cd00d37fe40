package org.cabinetgw.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;

/** Hot swap as a test does it: a bundle updated in place to a new version of the same code. */
public final class BundleUpdates {

    private BundleUpdates() {
    }

    /** The installed bundle with this symbolic name; an AssertionError when there is none. */
    public static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /**
     * Updates the bundle to its own content under the next micro version (qualifier {@code hotswap}),
     * refreshes it and waits for the refresh; returns the new version.
     */
    public static Version updateToNextVersion(BundleContext context, String symbolicName)
            throws IOException, BundleException, InterruptedException {
        Bundle bundle = bundle(context, symbolicName);
        Version old = bundle.getVersion();
        Version next = new Version(old.getMajor(), old.getMinor(), old.getMicro() + 1, "hotswap");
        bundle.update(new ByteArrayInputStream(withVersion(bundle, next)));
        refresh(context, bundle);
        return next;
    }

    /**
     * The installed bundle's jar, rebuilt from its entries (its location may not be readable from a test):
     * to install it again after an uninstall, or elsewhere.
     */
    public static byte[] contentOf(Bundle bundle) throws IOException {
        return withVersion(bundle, bundle.getVersion());
    }

    /** The installed bundle's own entries under a new Bundle-Version: a genuine new version of the same code. */
    public static byte[] withVersion(Bundle bundle, Version version) throws IOException {
        Manifest manifest;
        try (InputStream in = bundle.getEntry("META-INF/MANIFEST.MF").openStream()) {
            manifest = new Manifest(in);
        }
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (URL entry : Collections.list(bundle.findEntries("/", "*", true))) {
                String name = entry.getPath().substring(1);
                if (name.isEmpty() || name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    try (InputStream in = entry.openStream()) {
                        in.transferTo(jar);
                    }
                }
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void refresh(BundleContext context, Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("refreshing " + bundle.getSymbolicName() + " did not finish within 30 s");
        }
    }
}

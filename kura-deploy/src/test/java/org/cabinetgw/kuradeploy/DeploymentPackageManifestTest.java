package org.cabinetgw.kuradeploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

/** The package is what OSGi Deployment Admin (Kura's and Felix's) accepts, and carries the feature. */
class DeploymentPackageManifestTest {

    private static BuiltPackage dp;

    @BeforeAll
    static void load() throws IOException {
        dp = BuiltPackage.load();
    }

    @Test
    void manifestComesFirstThenSignatureFilesThenBundles() {
        // Deployment Admin reads the package as a stream: the order is part of the format.
        assertThat(dp.entryOrder.get(0)).isEqualTo(JarFile.MANIFEST_NAME);
        int lastMetaInf = 0;
        int firstBundle = Integer.MAX_VALUE;
        for (int i = 0; i < dp.entryOrder.size(); i++) {
            String name = dp.entryOrder.get(i);
            if (name.startsWith("META-INF/")) {
                lastMetaInf = i;
            } else if (name.startsWith("bundles/")) {
                firstBundle = Math.min(firstBundle, i);
            }
        }
        assertThat(dp.bundleEntries()).isNotEmpty();
        assertThat(lastMetaInf).isLessThan(firstBundle);
    }

    @Test
    void headersNameThePackageAfterItsFeatureBundle() throws IOException {
        Attributes head = dp.manifest.getMainAttributes();
        String main = System.getProperty("dp.main");
        assertThat(head.getValue("DeploymentPackage-SymbolicName")).isEqualTo(main);
        Version dpVersion = Version.parseVersion(head.getValue("DeploymentPackage-Version"));
        Manifest feature = null;
        for (String entry : dp.bundleEntries()) {
            Manifest m = dp.bundleManifest(entry);
            if (main.equals(BuiltPackage.bsn(m))) {
                feature = m;
            }
        }
        assertThat(feature).as("the feature bundle %s is in the package", main).isNotNull();
        assertThat(dpVersion).isEqualTo(Version.parseVersion(feature.getMainAttributes().getValue("Bundle-Version")));
        assertThat(head.getValue("DeploymentPackage-Name")).isEqualTo(feature.getMainAttributes().getValue("Bundle-Name"));
    }

    @Test
    void everyBundleHasANameSectionThatMatchesItsOwnManifest() throws IOException {
        Set<String> sections = new HashSet<>();
        dp.manifest.getEntries().forEach((name, attrs) -> {
            if (attrs.getValue("Bundle-SymbolicName") != null) {
                sections.add(name);
            }
        });
        assertThat(sections).containsExactlyInAnyOrderElementsOf(dp.bundleEntries());
        for (String entry : dp.bundleEntries()) {
            Attributes section = dp.manifest.getAttributes(entry);
            Manifest own = dp.bundleManifest(entry);
            assertThat(section.getValue("Bundle-SymbolicName")).as(entry).isEqualTo(BuiltPackage.bsn(own));
            assertThat(Version.parseVersion(section.getValue("Bundle-Version"))).as(entry)
                    .isEqualTo(Version.parseVersion(own.getMainAttributes().getValue("Bundle-Version")));
        }
    }

    @Test
    void carriesEveryBundleOfOursTheFeatureRequiresAndNothingOfThePlatform() throws IOException {
        Set<String> packed = new HashSet<>();
        Manifest feature = null;
        for (String entry : dp.bundleEntries()) {
            Manifest m = dp.bundleManifest(entry);
            packed.add(BuiltPackage.bsn(m));
            if (System.getProperty("dp.main").equals(BuiltPackage.bsn(m))) {
                feature = m;
            }
        }
        boolean thirdPartyIsPlatform = "third-party".equals(System.getProperty("dp.platform"));
        Set<String> platform = thirdPartyIsPlatform ? Set.of() : platformBundles();
        // The feature bundle requires each of its bundles by identity (features/README): every one
        // that is not on the platform must be in the package, or the feature cannot resolve there.
        String requires = feature.getMainAttributes().getValue("Require-Capability");
        Set<String> required = new HashSet<>();
        if (requires != null) {
            Matcher m = Pattern.compile("osgi\\.identity=([^)]+)\\)").matcher(requires);
            while (m.find()) {
                required.add(m.group(1));
            }
        }
        for (String bsn : required) {
            boolean onPlatform = thirdPartyIsPlatform ? !bsn.startsWith("org.cabinetgw.") : platform.contains(bsn);
            if (onPlatform) {
                assertThat(packed).as("platform bundle %s must not be packed (sharing violation)", bsn).doesNotContain(bsn);
            } else {
                assertThat(packed).as("bundle %s of the feature", bsn).contains(bsn);
            }
        }
        Set<String> kuraOnly = BuiltPackage.kuraOnly();
        assertThat(packed).containsAll(kuraOnly);
        assertThat(packed).allMatch(bsn -> bsn.equals(System.getProperty("dp.main")) || required.contains(bsn) || kuraOnly.contains(bsn),
                "only the feature bundle, what it requires and the Kura-only bundles");
    }

    /**
     * Kura's API is Kura's: a Kura-only bundle imports it and none of the package exports it (the declaration
     * our bridge compiles against must never ship, or it would shadow Kura's own on a gateway).
     */
    @Test
    void kuraOnlyBundlesImportKurasApiAndNothingExportsIt() throws IOException {
        for (String entry : dp.bundleEntries()) {
            Manifest m = dp.bundleManifest(entry);
            String exports = m.getMainAttributes().getValue("Export-Package");
            assertThat(exports == null ? "" : exports).as("exports of %s", entry).doesNotContain("org.eclipse.kura");
            if (BuiltPackage.kuraOnly().contains(BuiltPackage.bsn(m))) {
                assertThat(m.getMainAttributes().getValue("Import-Package")).as("imports of %s", entry)
                        .contains("org.eclipse.kura.configuration;version=\"[1.0,2)\"");
            }
        }
    }

    private static Set<String> platformBundles() throws IOException {
        Set<String> bsns = new HashSet<>();
        Path file = Path.of(System.getProperty("dp.platform"));
        for (String jar : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
            if (jar.endsWith(".jar")) {
                try (JarFile j = new JarFile(jar)) {
                    if (j.getManifest() != null && BuiltPackage.bsn(j.getManifest()) != null) {
                        bsns.add(BuiltPackage.bsn(j.getManifest()));
                    }
                }
            }
        }
        return bsns;
    }
}

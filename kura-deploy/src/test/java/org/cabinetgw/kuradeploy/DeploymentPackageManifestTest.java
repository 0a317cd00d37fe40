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
     * On Kura, Kura's own DEPLOY-V2 and CONF-V1 handlers serve those topics (issue 13, item 5): our handlers, the
     * bundles deploy and conf, are never in a package, so they cannot answer beside Kura's (and our MQTT, the only
     * channel they are served on, stays idle there: kura-deploy/bridge README).
     */
    @Test
    void carriesNoneOfOurCloudRequestHandlers() throws IOException {
        for (String entry : dp.bundleEntries()) {
            assertThat(BuiltPackage.bsn(dp.bundleManifest(entry))).as(entry)
                    .isNotIn("org.cabinetgw.deploy", "org.cabinetgw.conf");
        }
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

    /**
     * The feature bundle accepts our bundles at exactly the version built with it, and a third-party bundle
     * from the major.minor it was built with up to the next major (cnf/tools/Requirements.java): on Kura the
     * third-party bundles are Kura's own builds. Checked with the framework's own filter implementation.
     */
    @Test
    void theFeatureRequiresOurBundlesExactlyAndOthersUpToTheNextMajor() throws Exception {
        Manifest feature = null;
        for (String entry : dp.bundleEntries()) {
            Manifest m = dp.bundleManifest(entry);
            if (System.getProperty("dp.main").equals(BuiltPackage.bsn(m))) {
                feature = m;
            }
        }
        assertThat(feature).isNotNull();
        Matcher m = Pattern.compile("filter:=\"(\\(&\\(osgi\\.identity=([^)]+)\\)[^\"]*)\"")
                .matcher(feature.getMainAttributes().getValue("Require-Capability"));
        int checked = 0;
        while (m.find()) {
            org.osgi.framework.Filter filter = org.osgi.framework.FrameworkUtil.createFilter(m.group(1));
            String bsn = m.group(2);
            Version built = Version.parseVersion(m.group(1).replaceAll("^.*?\\(version>?=([^)]+)\\).*$", "$1"));
            if (bsn.startsWith("org.cabinetgw.")) {
                assertThat(matches(filter, bsn, built)).as("%s %s", bsn, built).isTrue();
                assertThat(matches(filter, bsn, new Version(built.getMajor(), built.getMinor(), built.getMicro() + 1)))
                        .as("%s: another build of ours", bsn).isFalse();
            } else {
                assertThat(built.getMicro()).as("%s: range starts at major.minor", bsn).isZero();
                assertThat(matches(filter, bsn, new Version(built.getMajor(), built.getMinor(), 7))).as("%s micro", bsn).isTrue();
                assertThat(matches(filter, bsn, new Version(built.getMajor(), built.getMinor() + 3, 0))).as("%s minor", bsn).isTrue();
                assertThat(matches(filter, bsn, new Version(built.getMajor() + 1, 0, 0))).as("%s next major", bsn).isFalse();
                if (built.getMinor() > 0) {
                    assertThat(matches(filter, bsn, new Version(built.getMajor(), built.getMinor() - 1, 0))).as("%s older minor", bsn).isFalse();
                }
            }
            assertThat(matches(filter, bsn + ".other", built)).isFalse();
            checked++;
        }
        assertThat(checked).as("identity requirements of the feature bundle").isPositive();
    }

    private static boolean matches(org.osgi.framework.Filter filter, String bsn, Version version) {
        return filter.matches(java.util.Map.of("osgi.identity", bsn, "version", version));
    }

    private static Set<String> platformBundles() throws IOException {
        Set<String> bsns = new HashSet<>();
        Path file = Path.of(System.getProperty("dp.platform"));
        for (String jar : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
            if (jar.endsWith(".jar")) {
                try (JarFile j = new JarFile(jar)) {
                    if (j.getManifest() != null && BuiltPackage.bsn(j.getManifest()) != null) {
                        String bsn = BuiltPackage.bsn(j.getManifest());
                        bsns.add(bsn);
                        // a platform feature's bundles, whatever scope Maven gave each (see DeploymentPackage.java)
                        String requires = j.getManifest().getMainAttributes().getValue("Require-Capability");
                        if (bsn.startsWith("org.cabinetgw.feature.") && requires != null) {
                            Matcher m = Pattern.compile("osgi\\.identity=([^)]+)\\)").matcher(requires);
                            while (m.find()) {
                                bsns.add(m.group(1));
                            }
                        }
                    }
                }
            }
        }
        return bsns;
    }
}

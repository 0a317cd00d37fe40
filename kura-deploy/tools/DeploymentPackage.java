import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds an OSGi deployment package (.dp, OSGi Compendium 114) from a module's Maven dependencies,
 * so a feature's bundle list stays written once, in its feature pom. Run by exec-maven-plugin as a
 * single-file program (see kura-deploy/pom.xml):
 *
 *   java DeploymentPackage.java <out.dp> <main-bsn> <platform> <classpath>
 *
 * main-bsn   the bundle that names the package: DeploymentPackage-SymbolicName, -Version and -Name
 *            are its Bundle-SymbolicName, Bundle-Version and Bundle-Name.
 * platform   what the target already runs, left out of the package (Deployment Admin refuses a
 *            package that carries a bundle installed otherwise):
 *            "third-party"  every bundle that is not ours (not org.cabinetgw.*): the core feature's
 *                           own package, whose third-party part is what Kura and our runtime start with;
 *            a file         a classpath, as dependency:build-classpath writes it, of the bundles of the
 *                           features this package builds on (the core feature, in scope provided), and
 *                           every bundle those feature bundles require by identity.
 *
 * The manifest is written first and every bundle gets its Name section with Bundle-SymbolicName and
 * Bundle-Version, as Deployment Admin requires; signing (jarsigner) then adds the signature files
 * right after the manifest, which is the order the specification asks for. Entries carry a fixed
 * time so the same bundles give the same package bytes.
 *
 * Written here rather than taken from osgi-dp because the platform rule above (what a package must
 * NOT carry, or Deployment Admin refuses it for sharing a bundle) is ours.
 */
public class DeploymentPackage {

    private static final String OURS = "org.cabinetgw.";
    private static final FileTime FIXED_TIME = FileTime.fromMillis(1767225600000L); // 2026-01-01T00:00Z

    /**
     * @param requiredIdentities the bundles a feature bundle requires by osgi.identity: a platform feature's
     *        bundles are the platform even where Maven, mediating scopes, counts a shared one (the api, slf4j)
     *        as a compile dependency of the package's own feature and leaves it off the platform classpath
     */
    record Bundle(Path jar, String bsn, String version, String name, List<String> requiredIdentities) {
    }

    private static final java.util.regex.Pattern IDENTITY = java.util.regex.Pattern.compile("osgi\\.identity=([^)]+)\\)");

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: java DeploymentPackage.java <out.dp> <main-bsn> <platform-classpath-file> <classpath>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String mainBsn = args[1];
        List<Bundle> candidates = bundles(args[3]);

        Set<String> platform = new LinkedHashSet<>();
        boolean thirdPartyIsPlatform = args[2].equals("third-party");
        if (!thirdPartyIsPlatform) {
            Path platformFile = Path.of(args[2]);
            if (!Files.exists(platformFile)) {
                fail("platform classpath " + platformFile + " does not exist");
            }
            for (Bundle b : bundles(Files.readString(platformFile).trim())) {
                platform.add(b.bsn());
                platform.addAll(b.requiredIdentities());
            }
        }

        // Sorted by symbolic name: a stable order, so the package bytes do not depend on Maven's.
        TreeMap<String, Bundle> packed = new TreeMap<>();
        List<String> left = new ArrayList<>();
        for (Bundle b : candidates) {
            boolean onPlatform = platform.contains(b.bsn()) || (thirdPartyIsPlatform && !b.bsn().startsWith(OURS));
            if (onPlatform && !b.bsn().equals(mainBsn)) {
                left.add(b.bsn());
            } else {
                packed.put(b.bsn(), b);
            }
        }
        Bundle main = packed.get(mainBsn);
        if (main == null) {
            fail("the main bundle " + mainBsn + " is not among the dependencies");
        }

        Manifest manifest = new Manifest();
        Attributes head = manifest.getMainAttributes();
        head.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        head.putValue("DeploymentPackage-SymbolicName", main.bsn());
        head.putValue("DeploymentPackage-Version", main.version());
        head.putValue("DeploymentPackage-Name", main.name());
        for (Bundle b : packed.values()) {
            Attributes section = new Attributes();
            section.putValue("Bundle-SymbolicName", b.bsn());
            section.putValue("Bundle-Version", b.version());
            manifest.getEntries().put(entryName(b), section);
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(file)) {
            JarEntry me = new JarEntry(JarFile.MANIFEST_NAME);
            me.setLastModifiedTime(FIXED_TIME);
            jar.putNextEntry(me);
            manifest.write(jar);
            jar.closeEntry();
            for (Bundle b : packed.values()) {
                JarEntry e = new JarEntry(entryName(b));
                e.setLastModifiedTime(FIXED_TIME);
                jar.putNextEntry(e);
                Files.copy(b.jar(), jar);
                jar.closeEntry();
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("[INFO] " + out.getFileName() + ": " + main.bsn() + " " + main.version() + ", "
                + packed.size() + " bundle(s) " + packed.keySet() + "; left to the platform: " + left.size());
    }

    private static String entryName(Bundle b) {
        return "bundles/" + b.bsn() + "-" + b.version() + ".jar";
    }

    private static List<Bundle> bundles(String classpath) throws IOException {
        List<Bundle> result = new ArrayList<>();
        List<String> notBundles = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isBlank() || !entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Manifest m = jar.getManifest();
                Attributes a = m == null ? null : m.getMainAttributes();
                String bsn = a == null ? null : a.getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    notBundles.add(entry);
                    continue;
                }
                bsn = bsn.split(";")[0].trim();
                String version = a.getValue("Bundle-Version");
                version = version == null ? "0.0.0" : version.trim();
                String name = a.getValue("Bundle-Name");
                List<String> required = new ArrayList<>();
                String requires = a.getValue("Require-Capability");
                if (bsn.startsWith(OURS + "feature.") && requires != null) {
                    java.util.regex.Matcher identities = IDENTITY.matcher(requires);
                    while (identities.find()) {
                        required.add(identities.group(1));
                    }
                }
                result.add(new Bundle(Path.of(entry), bsn, version, name == null ? bsn : name, required));
            }
        }
        if (!notBundles.isEmpty()) {
            fail("not OSGi bundles, a deployment package cannot carry them: " + notBundles);
        }
        return result;
    }

    private static void fail(String message) {
        System.err.println("[ERROR] " + message);
        System.exit(1);
    }
}

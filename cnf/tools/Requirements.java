import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Turns a module's Maven dependencies into bnd requirements, so that a list of bundles is written
 * once (in a pom) and bnd learns it from there. Run by exec-maven-plugin as a single-file program:
 *
 *   java Requirements.java <property> <out.bnd> <bsn-prefix or *> <classpath>
 *
 * property "-runrequires...": one bnd.identity requirement per bundle (a bndrun requires its features);
 * any other property: one osgi.identity requirement per bundle, for use in a Require-Capability header
 *   (a feature bundle requires every bundle of its feature):
 *   - our own bundles (org.cabinetgw.*) at their exact version: a feature is released with them;
 *   - third-party bundles from their major.minor up to the next major, [x.y, x+1): the same range bnd puts
 *     on the packages our bundles import from them, so the feature bundle accepts exactly what our bundles
 *     accept. An exact version would leave the feature bundle unresolved on a gateway that brings its own
 *     build of a library (Kura ships its own slf4j, Gson, OSGi services), although our bundles run there.
 *   Our runtime is unaffected: its repository holds one version of each bundle, the one listed.
 *
 * Written here because no bnd macro lists the build path, and bnd's resolver given a wildcard
 * identity requirement silently leaves out bundles that do resolve.
 */
public class Requirements {

    private static final String OURS = "org.cabinetgw.";

    /** The version part of an identity filter: exact for our bundles, [major.minor, next major) for the others. */
    static String versionFilter(String bsn, String version, String jar) {
        if (bsn.startsWith(OURS)) {
            return "(version=" + version + ")";
        }
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            if (major < 0 || minor < 0) {
                throw new NumberFormatException(version);
            }
            return "(version>=" + major + "." + minor + ".0)(!(version>=" + (major + 1) + ".0.0))";
        } catch (NumberFormatException e) {
            System.err.println("[ERROR] " + jar + ": Bundle-Version " + version + " is not an OSGi version");
            System.exit(1);
            return null;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java Requirements.java <Require-Capability|-runrequires> <out.bnd> <prefix|*> [classpath]");
            System.exit(2);
        }
        String header = args[0];
        Path out = Path.of(args[1]);
        String prefix = args[2];
        String classpath = args.length > 3 ? args[3] : "";

        TreeSet<String> clauses = new TreeSet<>();
        List<String> notBundles = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isBlank() || !entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Manifest m = jar.getManifest();
                String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    if (prefix.equals("*")) {
                        notBundles.add(entry);
                    }
                    continue;
                }
                bsn = bsn.split(";")[0].trim();
                String version = m.getMainAttributes().getValue("Bundle-Version");
                version = version == null ? "0.0.0" : version.trim();
                if (!prefix.equals("*") && !bsn.startsWith(prefix)) {
                    continue;
                }
                clauses.add(header.startsWith("-runrequires")
                        ? "bnd.identity;id='" + bsn + "'"
                        : "osgi.identity;filter:=\"(&(osgi.identity=" + bsn + ")" + versionFilter(bsn, version, entry) + ")\"");
            }
        }
        if (!notBundles.isEmpty()) {
            System.err.println("[ERROR] not OSGi bundles (wrap them in a bundle of ours or leave them out): " + notBundles);
            System.exit(1);
        }
        StringBuilder text = new StringBuilder("# Generated from the Maven dependencies by cnf/tools/Requirements.java; do not edit.\n");
        text.append(header).append(": \\\n    ").append(String.join(",\\\n    ", clauses)).append('\n');
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text);
        System.out.println("[INFO] " + clauses.size() + " requirement(s) written to " + out);
    }
}

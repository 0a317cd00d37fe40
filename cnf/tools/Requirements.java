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
 * any other property: one osgi.identity requirement per bundle at its exact version, for use in a
 *   Require-Capability header (a feature bundle requires every bundle of its feature).
 *
 * Written here because no bnd macro lists the build path, and bnd's resolver given a wildcard
 * identity requirement silently leaves out bundles that do resolve.
 */
public class Requirements {

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
                        : "osgi.identity;filter:=\"(&(osgi.identity=" + bsn + ")(version=" + version + "))\"");
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

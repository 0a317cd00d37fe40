import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Splits what gateway.bndrun resolved into what the jar's launcher installs itself (the platform) and
 * what ships as seed deployment packages (the capabilities the deploy agent installs, so the cloud can
 * update and roll them back like any package).
 *
 * <p>gateway.bndrun keeps resolving the WHOLE gateway, platform plus every package's bundles: the build
 * still proves it all fits together. This tool then embeds every resolved bundle that no seed package
 * carries, and the packages themselves, in the order given (the agent installs them in that order).
 * The list of bundles is never written again: a package's bundles are read from its own manifest.
 *
 * <p>It embeds a package only when that package is signed by the certificate the jar ships as the deploy
 * agent's trust, and by it alone ({@code --signer}): else the gateway would start and refuse every shipped
 * capability ("signed by a certificate that is not in the trust store"). The build fails instead, saying
 * which key signed what. This is how the packages from the Maven repository (put there by whichever build
 * installed last) and the key of this build are held together (root pom, dp.keystore).
 *
 * <p>Usage: {@code java SeedSplit.java --signer <certificate.crt> <export dir> <bundles out> <seeds out> <package.dp | @list>...}; a
 * {@code @list} is a file of package paths joined by the path separator, as maven-dependency-plugin's
 * build-classpath writes the runtime's dp dependencies in the order they are declared (runtime/pom.xml:
 * the packages are named there once).
 */
public final class SeedSplit {

    public static void main(String[] args) throws IOException {
        if (args.length < 6 || !args[0].equals("--signer")) {
            throw new IllegalArgumentException("usage: SeedSplit --signer <certificate.crt> <export dir> <bundles out> <seeds out> <package.dp | @list>...");
        }
        X509Certificate signer = ShippedSigner.read(Path.of(args[1]));
        args = java.util.Arrays.copyOfRange(args, 2, args.length);
        Path export = Path.of(args[0]);
        Path bundlesOut = Files.createDirectories(Path.of(args[1]));
        Path seedsOut = Files.createDirectories(Path.of(args[2]));
        Set<String> carried = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (Path dp : packages(List.of(args).subList(3, args.length))) {
            String refused = ShippedSigner.problem(dp, signer);
            if (refused != null) {
                System.err.println("[ERROR] SeedSplit: " + refused);
                System.exit(1);
            }
            try (JarFile jar = new JarFile(dp.toFile(), false)) {
                Manifest m = jar.getManifest();
                String name = m == null ? null : m.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
                if (name == null) {
                    throw new IOException(dp + " is not a deployment package (no DeploymentPackage-SymbolicName)");
                }
                for (Map.Entry<String, Attributes> e : m.getEntries().entrySet()) {
                    String bsn = e.getValue().getValue("Bundle-SymbolicName");
                    if (bsn != null) {
                        carried.add(bsn.split(";")[0].strip());
                    }
                }
                String file = name + ".dp";
                Files.copy(dp, seedsOut.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                order.add(file);
            }
        }
        // the launcher reads this list: the order is the agent's install order
        Files.write(seedsOut.resolve("seeds.list"), order);
        int platform = 0;
        List<Path> resolved;
        try (var s = Files.list(export)) {
            resolved = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        Set<String> seen = new HashSet<>();
        for (Path jarFile : resolved) {
            String bsn = symbolicName(jarFile);
            seen.add(bsn);
            if (!carried.contains(bsn)) {
                Files.copy(jarFile, bundlesOut.resolve(jarFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                platform++;
            }
        }
        // a package carrying a bundle the gateway does not resolve to would install something never proven
        for (String bsn : carried) {
            if (!seen.contains(bsn)) {
                throw new IOException("a seed package carries " + bsn + ", which gateway.bndrun did not resolve");
            }
        }
        System.out.println("SeedSplit: " + platform + " platform bundles embedded, " + carried.size()
                + " bundles in " + order.size() + " seed packages " + order);
    }

    /** The arguments, each {@code @list} replaced by the paths it lists, in order. */
    static List<Path> packages(List<String> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("@")) {
                String list = Files.readString(Path.of(arg.substring(1))).strip();
                if (list.isEmpty()) {
                    throw new IOException(arg.substring(1) + " lists no deployment package");
                }
                for (String path : list.split(java.io.File.pathSeparator)) {
                    out.add(Path.of(path));
                }
            } else {
                out.add(Path.of(arg));
            }
        }
        return out;
    }

    private static String symbolicName(Path jarFile) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile(), false)) {
            Manifest m = jar.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                throw new IOException(jarFile + " is not an OSGi bundle");
            }
            return bsn.split(";")[0].strip();
        }
    }
}

/** Which key signed a package, held against the certificate the jar ships. */
final class ShippedSigner {

    private ShippedSigner() {
    }

    static X509Certificate read(Path crt) throws IOException {
        try (var in = Files.newInputStream(crt)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(crt + " holds no certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Null when every entry of the package is signed by {@code expected} and by nothing else (the deploy agent
     * refuses a package that also carries a signature it does not trust); else why not, for the build log.
     */
    static String problem(Path dp, X509Certificate expected) throws IOException {
        Set<Certificate> signers = new HashSet<>();
        try (JarFile jar = new JarFile(dp.toFile(), true)) {
            for (var entries = jar.entries(); entries.hasMoreElements();) {
                var entry = entries.nextElement();
                if (entry.isDirectory() || entry.getName().matches("META-INF/(MANIFEST\\.MF|[^/]+\\.(SF|EC|RSA|DSA))")) {
                    continue;
                }
                try (var in = jar.getInputStream(entry)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream()); // the signers are known once read
                } catch (SecurityException e) {
                    return dp + ": " + entry.getName() + " does not match its signature (" + e.getMessage() + ")";
                }
                var codeSigners = entry.getCodeSigners();
                if (codeSigners == null) {
                    return dp + ": " + entry.getName() + " is not signed; the gateway would refuse the package";
                }
                for (var cs : codeSigners) {
                    signers.add(cs.getSignerCertPath().getCertificates().get(0));
                }
            }
        }
        if (signers.equals(Set.of(expected))) {
            return null;
        }
        Set<String> names = new TreeSet<>();
        for (Certificate c : signers) {
            names.add(((X509Certificate) c).getSubjectX500Principal().getName());
        }
        return dp + " is signed by " + names + ", but this jar would ship the certificate of "
                + expected.getSubjectX500Principal().getName() + " (serial " + expected.getSerialNumber().toString(16)
                + ", from dp.keystore) as the only one its deploy agent trusts: the gateway would refuse the package. "
                + "The package was signed with another key (built on another machine, taken from a repository, or "
                + "a release key beside development packages). Build the packages with this build's key "
                + "(mvn -pl runtime -am verify), or give this build the key that signed them (-Ddp.keystore, -Ddp.alias).";
    }
}

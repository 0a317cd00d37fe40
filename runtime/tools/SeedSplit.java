import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Usage: {@code java SeedSplit.java <export dir> <bundles out> <seeds out> <package.dp>...}
 */
public final class SeedSplit {

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: SeedSplit <export dir> <bundles out> <seeds out> <package.dp>...");
        }
        Path export = Path.of(args[0]);
        Path bundlesOut = Files.createDirectories(Path.of(args[1]));
        Path seedsOut = Files.createDirectories(Path.of(args[2]));
        Set<String> carried = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            Path dp = Path.of(args[i]);
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

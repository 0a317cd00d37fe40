import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The key that signs the build's deployment packages, and its trust store. Run by exec-maven-plugin as a
 * single-file program before every module signs (kura-deploy/pom.xml, kura-deploy/fixtures/pom.xml):
 *
 *   java SigningKey.java <keystore.p12> <storepass> <alias> <truststore.p12> <development|release>
 *
 * development (the default build): makes the DEVELOPMENT key the first time a build on this machine needs
 * it (root pom: ~/.cabinetgw/development-signing.p12, one per machine as Android's debug keystore is, so
 * every checkout signs alike), never overwriting one: a self-signed EC key pair whose name says DEVELOPMENT
 * (the deploy agent warns at every start of a gateway that trusts it). Anyone who can read that file can
 * sign packages every gateway built on this machine accepts: for development only.
 *
 * release (mvn -Prelease): never makes a key. The key store named by -Ddp.keystore must exist, hold
 * -Ddp.alias, and not be a DEVELOPMENT key; otherwise the build fails saying what to give it.
 *
 * Either way the certificate alone goes into the trust store (PKCS12, same password): what the deploy
 * agent's tests and the package checks verify against. It is written again whenever it holds anything
 * but this certificate (a release build leaves the release certificate; the next development build
 * must not verify against it).
 *
 * Why a program and not keytool-maven-plugin (which the runtime uses to export the certificate):
 * - the key is shared by every checkout and build on the machine, and builds run side by side. The
 *   plugin's generateKeyPair with skipIfExist checks, then writes: two first builds at once would each
 *   make a key, the second overwriting the first after packages were signed with it. Here the key is
 *   made in a private file and LINKED into place, which fails when another build got there first (then
 *   that key is used); the key store is readable by its owner only.
 * - no plugin refuses a key store because it holds the development key (release), nor writes a trust
 *   store only when it holds another certificate (its importCertificate fails on an existing alias, and
 *   deleting and importing again in every module forks keytool three times per module).
 */
public class SigningKey {

    /** In the name of every key this tool makes; the deploy agent looks for it (DevelopmentKey.MARK). */
    static final String MARK = "DEVELOPMENT";

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || !List.of("development", "release").contains(args[4])) {
            System.err.println("usage: java SigningKey.java <keystore.p12> <storepass> <alias> <truststore.p12> <development|release>");
            System.exit(2);
        }
        Path keystore = Path.of(args[0]).toAbsolutePath();
        String pass = args[1];
        String alias = args[2];
        Path truststore = Path.of(args[3]).toAbsolutePath();
        boolean release = args[4].equals("release");

        if (release) {
            String problem = releaseKeyProblem(keystore, pass, alias);
            if (problem != null) {
                fail("release build: " + problem + ". A release build signs with the release key: "
                        + "mvn -Prelease -Ddp.keystore=/path/to/release.p12 -Ddp.storepass=... -Ddp.alias=... "
                        + "(see README.md, Security)");
            }
        } else if (Files.exists(keystore)) {
            System.out.println("[INFO] signing key store exists: " + keystore);
        } else {
            makeDevelopmentKey(keystore, pass, alias);
        }
        writeTrustStore(certificate(keystore, pass, alias), truststore, pass, alias);
    }

    /** Made aside, then linked into place: of two builds making it at once, one key wins and both use it. */
    private static void makeDevelopmentKey(Path keystore, String pass, String alias) throws Exception {
        Path dir = keystore.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try { // the directory of a key: its owner's alone
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
        }
        Path mine = dir.resolve(".development-signing-" + ProcessHandle.current().pid() + ".p12");
        Files.deleteIfExists(mine);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-keystore", mine.toString(), "-storetype", "PKCS12",
                "-storepass", pass, "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-validity", "3650",
                "-dname", "CN=Cabinet Gateway " + MARK + " signing key - generated by the build - not for release"));
        try {
            Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions protect it
        }
        try {
            Files.createLink(keystore, mine);
            System.out.println("[INFO] generated this machine's " + MARK + " signing key " + keystore
                    + " (every checkout on it signs with it; a release build needs -Prelease)");
        } catch (FileAlreadyExistsException e) {
            System.out.println("[INFO] another build made the signing key first; using it: " + keystore);
        } finally {
            Files.deleteIfExists(mine);
        }
    }

    private static void writeTrustStore(Certificate cert, Path truststore, String pass, String alias) throws Exception {
        if (Files.isReadable(truststore)) {
            try {
                KeyStore existing = load(truststore, pass);
                if (existing.size() == 1 && cert.equals(existing.getCertificate(alias))) {
                    return;
                }
            } catch (IOException | java.security.GeneralSecurityException e) {
                // unreadable: written again below
            }
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(alias, cert);
        Files.createDirectories(truststore.getParent());
        Path next = truststore.resolveSibling(truststore.getFileName() + "." + ProcessHandle.current().pid());
        try (OutputStream out = Files.newOutputStream(next)) {
            trust.store(out, pass.toCharArray());
        }
        Files.move(next, truststore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("[INFO] trust store with the signing certificate: " + truststore);
    }

    private static Certificate certificate(Path keystore, String pass, String alias) throws Exception {
        Certificate cert = load(keystore, pass).getCertificate(alias);
        if (cert == null) {
            fail(keystore + " holds no certificate " + alias + " (-Ddp.alias)");
        }
        return cert;
    }

    private static KeyStore load(Path file, String pass) throws IOException, java.security.GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, pass.toCharArray());
        }
        return ks;
    }

    /** Null when the key store holds a key under alias that is not a development key; else what is wrong. */
    private static String releaseKeyProblem(Path keystore, String pass, String alias) throws Exception {
        if (!Files.isReadable(keystore)) {
            return "no key store " + keystore + " (-Ddp.keystore)";
        }
        KeyStore ks;
        try {
            ks = load(keystore, pass);
        } catch (IOException e) {
            return keystore + " cannot be read with the given -Ddp.storepass: " + e.getMessage();
        }
        if (!ks.isKeyEntry(alias) || !(ks.getCertificate(alias) instanceof X509Certificate cert)) {
            return keystore + " holds no key " + alias + " (-Ddp.alias)";
        }
        String subject = cert.getSubjectX500Principal().getName();
        if (subject.toUpperCase().contains(MARK) || subject.contains("test signing key")) {
            return keystore + " holds the development key (" + subject + ")";
        }
        return null;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            fail("keytool failed: " + command.get(1));
        }
    }

    private static void fail(String message) {
        System.err.println("[ERROR] " + message);
        System.exit(1);
    }
}

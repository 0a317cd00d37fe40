package org.cabinetgw.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jdk.security.jarsigner.JarSigner;

/**
 * Certificates and signatures an attacker or a careless CA could produce, made with the JDK's own tools:
 * keys and certificates with {@code keytool} (as an integrator would make them), packages signed with the
 * JDK's {@link JarSigner} API — which, like {@code jarsigner}, signs with whatever chain it is given. So a
 * test can sign with a chain that lies (a trusted certificate appended, a wrong intermediate). The TLS tests' PKI
 * (openssl: a CA, server and client certificates, PKCS12 stores) is bundles/testing's {@code TestPki}.
 */
final class SigningPki {

    private static final char[] PASS = "testpki".toCharArray();
    private final Path store;
    private final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    /** {@code name}: the key store's file in {@code dir}; separate stores keep keytool from mixing up equal names. */
    SigningPki(Path dir, String name) {
        this.store = dir.resolve(name + ".p12");
    }

    /** A key pair with a self-signed certificate; {@code ca}: may sign others (basic constraints CA). */
    SigningPki key(String alias, String dname, boolean ca) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-dname", dname, "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "3650"));
        if (ca) {
            cmd.addAll(List.of("-ext", "bc:c"));
        }
        keytool(cmd, null);
        return this;
    }

    /**
     * {@code alias}'s certificate issued by {@code issuer} (replacing its self-signed one), valid from
     * {@code startDate} (keytool's form: "-400d", "+30d", null for now) for {@code days} days.
     */
    SigningPki issue(String issuer, String alias, boolean ca, String startDate, int days) throws IOException, InterruptedException {
        byte[] request = keytool(List.of("-certreq", "-alias", alias), null);
        List<String> gen = new ArrayList<>(List.of("-gencert", "-alias", issuer, "-validity", Integer.toString(days), "-rfc"));
        if (startDate != null) {
            gen.addAll(List.of("-startdate", startDate));
        }
        if (ca) {
            gen.addAll(List.of("-ext", "bc:c"));
        }
        byte[] cert = keytool(gen, request);
        // the reply alone: the key store completes the chain from the issuer it holds
        Path reply = store.resolveSibling(store.getFileName() + "-" + alias + ".crt");
        Files.write(reply, cert);
        keytool(List.of("-importcert", "-noprompt", "-trustcacerts", "-alias", alias, "-file", reply.toString()), null);
        return this;
    }

    X509Certificate certificate(String alias) throws Exception {
        return (X509Certificate) load().getCertificate(alias);
    }

    /** The chain the key store holds for {@code alias}: leaf first. */
    List<X509Certificate> chain(String alias) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (var c : load().getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return chain;
    }

    /**
     * Signs {@code unsigned} (a package without signature files) with {@code alias}'s key, presenting
     * {@code chain} as its certificate path, whatever that chain is. {@code signerName} names the .SF file.
     */
    Path sign(Path unsigned, Path target, String alias, List<X509Certificate> chain, String signerName) throws Exception {
        PrivateKey key = (PrivateKey) load().getKey(alias, PASS);
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        JarSigner signer = new JarSigner.Builder(key, path).digestAlgorithm("SHA-256").signerName(signerName).build();
        try (ZipFile in = new ZipFile(unsigned.toFile()); OutputStream out = Files.newOutputStream(target)) {
            signer.sign(in, out);
        }
        return target;
    }

    /** A copy of {@code signed} without its signature files: what a signer starts from. */
    static Path unsigned(Path signed, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(signed));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] bytes = in.readAllBytes();
                if (SignatureStripper.isSignatureFile(e.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return target;
    }

    private KeyStore load() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS);
        }
        return ks;
    }

    private byte[] keytool(List<String> args, byte[] stdin) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(keytool));
        cmd.addAll(args);
        cmd.addAll(List.of("-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASS)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        if (stdin != null) {
            try (OutputStream o = p.getOutputStream()) {
                new ByteArrayInputStream(stdin).transferTo(o);
            }
        } else {
            p.getOutputStream().close();
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args + " failed: " + new String(out) + err);
        }
        return out;
    }
}

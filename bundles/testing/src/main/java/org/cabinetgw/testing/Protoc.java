package org.cabinetgw.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code protoc} with the uplink's {@code kurapayload.proto}, as the independent side of the wire: it encodes
 * the requests a fake Kura cloud sends and decodes what the gateway answers, so no code of ours is on both ends.
 * The one protoc helper of the Kura-mode tests (conf, deploy); {@code installed()} for a skip
 * ({@code apt-get install -y protobuf-compiler}).
 */
public final class Protoc {

    public static final Path EXECUTABLE = Path.of("/usr/bin/protoc");

    private final Path schema;
    private final Path work;

    /** {@code schema}: the folder holding {@code kurapayload.proto}; {@code work}: where its inputs are written. */
    public Protoc(Path schema, Path work) {
        this.schema = schema;
        this.work = work;
    }

    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** A KuraPayload from its text form. */
    public byte[] encode(String text) throws Exception {
        return run("--encode=kuradatatypes.KuraPayload", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A KuraPayload's text form. */
    public String decode(byte[] payload) throws Exception {
        return new String(run("--decode=kuradatatypes.KuraPayload", payload), StandardCharsets.UTF_8);
    }

    private byte[] run(String mode, byte[] in) throws Exception {
        Path input = Files.write(Files.createTempFile(work, "protoc", ".in"), in);
        Process p = new ProcessBuilder(EXECUTABLE.toString(), mode, "--proto_path=" + schema, "kurapayload.proto")
                .redirectInput(input.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("protoc " + mode + " failed: " + err);
        }
        return out;
    }

    /** A string for protoc's text format: quotes, backslashes and every byte outside printable ASCII escaped. */
    public static String quoted(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append(String.format("\\%03o", c));
            }
        }
        return s.append('"').toString();
    }

    /** The body of a decoded payload (protoc writes it C-escaped); empty when it has none. */
    public static byte[] body(String decoded) {
        int at = decoded.indexOf("\nbody: \"");
        if (at < 0) {
            at = decoded.startsWith("body: \"") ? -1 : -2;
            if (at == -2) {
                return new byte[0];
            }
        }
        int i = decoded.indexOf('"', at + 1) + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (decoded.charAt(i) != '"') {
            char c = decoded.charAt(i++);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = decoded.charAt(i++);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case '"', '\'', '\\' -> out.write(e);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && decoded.charAt(i) >= '0' && decoded.charAt(i) <= '7'; k++) {
                            v = v * 8 + decoded.charAt(i++) - '0';
                        }
                        out.write(v);
                    } else {
                        throw new IllegalArgumentException("protoc escape \\" + e);
                    }
                }
            }
        }
        return out.toByteArray();
    }
}

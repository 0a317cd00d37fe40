package org.cabinetgw.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code protoc} with the uplink's {@code kurapayload.proto}, as the independent side of the wire: it encodes
 * the requests a fake Kura cloud sends and decodes what the gateway answers, so no code of ours is on both ends.
 * The one protoc helper of the Kura-mode tests (uplink's codec tests, conf, deploy, the runtime's KuraCloudIT);
 * {@code installed()} for a skip ({@code apt-get install -y protobuf-compiler}). Besides encoding and decoding, it
 * reads protoc's text format: {@link #metrics}, {@link #topLevel}, {@link #unquote}, {@link #body}.
 */
public final class Protoc {

    public static final Path EXECUTABLE = Path.of("/usr/bin/protoc");
    public static final String KURA_PAYLOAD = "kuradatatypes.KuraPayload";

    private final Path schema;
    private final Path work;

    /** {@code schema}: the folder holding {@code kurapayload.proto}; {@code work}: where its inputs are written. */
    public Protoc(Path schema, Path work) {
        this.schema = schema.toAbsolutePath();
        this.work = work;
    }

    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** A KuraPayload from its text form. */
    public byte[] encode(String text) throws Exception {
        return run("--encode=" + KURA_PAYLOAD, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A KuraPayload's text form; fails (naming protoc's complaint) when protoc refuses the bytes. */
    public String decode(byte[] payload) throws Exception {
        return new String(run("--decode=" + KURA_PAYLOAD, payload), StandardCharsets.UTF_8);
    }

    private byte[] run(String mode, byte[] in) throws Exception {
        // the input from a file, not a pipe: protoc's output is read only after it has all its input
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
        String literal = topLevel(decoded, "body");
        return literal == null ? new byte[0] : unquoteBytes(literal);
    }

    /** One metric as protoc printed it: its name, its type's name and its value field's name and text. */
    public record TextMetric(String name, String type, String valueField, String value) {
    }

    /** The metrics of protoc's text output, in order. */
    public static List<TextMetric> metrics(String text) {
        List<TextMetric> metrics = new ArrayList<>();
        Map<String, String> fields = null;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.equals("metric {")) {
                fields = new LinkedHashMap<>();
            } else if (line.equals("}") && fields != null) {
                String valueField = null;
                for (String k : fields.keySet()) {
                    if (k.endsWith("_value")) {
                        valueField = k;
                    }
                }
                metrics.add(new TextMetric(unquote(fields.get("name")), fields.get("type"), valueField,
                        valueField == null ? null : fields.get(valueField)));
                fields = null;
            } else if (fields != null) {
                int colon = line.indexOf(':');
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return metrics;
    }

    /** A top-level scalar field of protoc's text output (a string still quoted), or null. */
    public static String topLevel(String text, String field) {
        for (String line : text.split("\n")) {
            if (line.startsWith(field + ": ")) {
                return line.substring(field.length() + 2);
            }
        }
        return null;
    }

    /** A text-format string literal to its value: protoc escapes non-ASCII bytes in octal. */
    public static String unquote(String quoted) {
        return new String(unquoteBytes(quoted), StandardCharsets.UTF_8);
    }

    /** A text-format string literal to its bytes (octal, hex and C escapes). */
    public static byte[] unquoteBytes(String quoted) {
        String s = quoted.substring(1, quoted.length() - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char n = s.charAt(++i);
            if (n >= '0' && n <= '7') {
                int end = i;
                while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                    end++;
                }
                out.write(Integer.parseInt(s.substring(i, end), 8));
                i = end - 1;
            } else if (n == 'x') {
                int end = i + 1;
                while (end < s.length() && end < i + 3 && Character.digit(s.charAt(end), 16) >= 0) {
                    end++;
                }
                out.write(Integer.parseInt(s.substring(i + 1, end), 16));
                i = end - 1;
            } else {
                out.write(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> n;
                });
            }
        }
        return out.toByteArray();
    }
}

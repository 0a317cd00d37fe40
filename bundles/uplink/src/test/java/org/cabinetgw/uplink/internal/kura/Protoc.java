package org.cabinetgw.uplink.internal.kura;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code protoc} (package protobuf-compiler) with our schema file: an independent reader and writer of
 * KuraPayload, to check our hand-written codec against. Skips the test where protoc is not installed.
 */
public final class Protoc {

    /** Our schema, as the bundle ships it. */
    static final Path SCHEMA_DIR = Path.of("src/main/resources/kura");
    static final String TYPE = "kuradatatypes.KuraPayload";

    private Protoc() {
    }

    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/protoc")),
                "protoc is not installed: apt-get install -y protobuf-compiler");
    }

    /** {@code protoc --decode}: the text format of {@code bytes}. Fails the test when protoc refuses them. */
    public static String decode(byte[] bytes) throws Exception {
        return run(bytes, "--decode=" + TYPE);
    }

    /** {@code protoc --encode}: the bytes of a KuraPayload written in protobuf's text format. */
    public static byte[] encode(String text) throws Exception {
        Process p = start("--encode=" + TYPE);
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("protoc --encode failed: " + err);
        }
        return out;
    }

    private static String run(byte[] input, String mode) throws Exception {
        Process p = start(mode);
        p.getOutputStream().write(input);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("protoc " + mode + " refused our bytes: " + err);
        }
        return out;
    }

    private static Process start(String mode) throws Exception {
        return new ProcessBuilder("/usr/bin/protoc", mode, "--proto_path=" + SCHEMA_DIR.toAbsolutePath(),
                "kurapayload.proto").start();
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

    /** A top-level scalar field of protoc's text output, or null. */
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

package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options a gateway really runs with, read from where they are published: the README's run command (with
 * its Java argument file, {@code @runtime/jvm.options}) and the argument file itself. The startup benchmark
 * measures with them; {@code JvmOptionsTest} keeps them and the systemd unit's the same.
 */
final class JvmOptions {

    private JvmOptions() {
    }

    /** The options of the README's run command ({@code java ... -jar runtime/target/cabinetgw.jar}), argfiles expanded. */
    static List<String> ofReadmeCommand(Path repository) throws IOException {
        for (String line : Files.readAllLines(repository.resolve("README.md"))) {
            int java = line.indexOf("java ");
            int jar = line.indexOf("-jar runtime/target/cabinetgw.jar");
            if (java >= 0 && jar > java && !line.contains("--check-config") && !line.contains("--help")) {
                List<String> out = new ArrayList<>();
                for (String token : line.substring(java + 5, jar).trim().split("\\s+")) {
                    if (token.startsWith("@")) {
                        out.addAll(ofArgumentFile(repository.resolve(token.substring(1))));
                    } else if (!token.isEmpty()) {
                        out.add(token);
                    }
                }
                return out;
            }
        }
        throw new IllegalStateException(repository.resolve("README.md") + " has no run command (java ... -jar runtime/target/cabinetgw.jar)");
    }

    /** A Java argument file as the {@code java} launcher reads it: whitespace separated, '#' to the end of a line. */
    static List<String> ofArgumentFile(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String text = (hash < 0 ? line : line.substring(0, hash)).trim();
            if (!text.isEmpty()) {
                out.addAll(List.of(text.split("\\s+")));
            }
        }
        return out;
    }
}

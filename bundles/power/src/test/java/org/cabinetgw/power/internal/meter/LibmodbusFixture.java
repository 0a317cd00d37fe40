package org.cabinetgw.power.internal.meter;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The libmodbus server of bundles/modbus/bench/modbus_server.c, compiled with gcc into this module's
 * target/ and started on a free port with values set by libmodbus's own encoders.
 */
public final class LibmodbusFixture implements AutoCloseable {

    private final Process process;
    public final int port;

    private LibmodbusFixture(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("pkg-config", "--exists", "libmodbus").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && new File("/usr/bin/gcc").canExecute();
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static LibmodbusFixture start(List<String> specs) throws IOException, InterruptedException {
        Path here = Path.of("").toAbsolutePath();
        Path module = Files.isDirectory(here.resolve("src")) && here.endsWith("power") ? here : here.resolve("bundles/power");
        Path src = module.resolve("../modbus/bench/modbus_server.c").normalize();
        Path bin = module.resolve("target/bench/modbus_server");
        Files.createDirectories(bin.getParent());
        if (!Files.exists(bin) || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(src)) < 0) {
            Process flags = new ProcessBuilder("pkg-config", "--cflags", "--libs", "libmodbus").start();
            String f = new String(flags.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-o", bin.toString(), src.toString()));
            cmd.addAll(List.of(f.split("\\s+")));
            Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IOException("gcc failed: " + log);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "0"));
        cmd.addAll(specs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IOException("libmodbus server did not start: " + line);
        }
        return new LibmodbusFixture(p, Integer.parseInt(line.substring(5).trim()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}

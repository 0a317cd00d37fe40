package org.cabinetgw.modbus.internal;

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
 * The independent Modbus TCP server of the tests and the benchmark: bench/modbus_server.c on Debian's
 * libmodbus, compiled with gcc into target/ and started on a free loopback port.
 */
public final class LibmodbusServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private LibmodbusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** True when gcc and libmodbus-dev are installed (pkg-config knows libmodbus). */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("pkg-config", "--exists", "libmodbus").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && new File("/usr/bin/gcc").canExecute();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Compiles bench/NAME.c into target/bench/NAME once (again when the source is newer). */
    public static Path compile(Path moduleDir, String name) throws IOException, InterruptedException {
        Path src = moduleDir.resolve("bench").resolve(name + ".c");
        Path out = moduleDir.resolve("target").resolve("bench").resolve(name);
        Files.createDirectories(out.getParent());
        if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(src)) > 0) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", out.toString(), src.toString()));
        Process flags = new ProcessBuilder("pkg-config", "--cflags", "--libs", "libmodbus").start();
        String f = new String(flags.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        flags.waitFor(10, TimeUnit.SECONDS);
        for (String part : f.split("\\s+")) {
            if (!part.isEmpty()) {
                cmd.add(part);
            }
        }
        Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc failed for " + src + ":\n" + log);
        }
        return out;
    }

    /** This module's folder, whether run from the reactor root, this module, a sibling module or the runtime. */
    public static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : new Path[] {here, here.resolve("../modbus"), here.resolve("bundles/modbus"),
                here.resolve("../bundles/modbus")}) {
            if (Files.isRegularFile(candidate.resolve("bench/modbus_server.c"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("bundles/modbus/bench not found from " + here);
    }

    /** Starts the server with the given value specs (see modbus_server.c). */
    public static LibmodbusServer start(String... specs) throws IOException, InterruptedException {
        return startOn(0, specs);
    }

    /** Starts the server on a given port (0: any free one). */
    public static LibmodbusServer startOn(int port, String... specs) throws IOException, InterruptedException {
        Path binary = compile(moduleDir(), "modbus_server");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), Integer.toString(port)));
        cmd.addAll(List.of(specs));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IOException("libmodbus server did not start: " + line);
        }
        return new LibmodbusServer(p, Integer.parseInt(line.substring(5).trim()));
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

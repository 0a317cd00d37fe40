package org.cabinetgw.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A meter the campaign did not write: libmodbus's own Modbus TCP server (Debian's libmodbus-dev), the program
 * bundles/modbus/bench/modbus_server.c that the modbus bundle's interoperability tests use, compiled with gcc
 * into this module's target/. It answers holding register 0 with 2300 (230.0 V at scale 0.1), like the
 * campaign's own meters, so a gateway that only understood the campaign's Modbus would show here. Its fault is
 * the process killed (SIGKILL) and started again on the same port, as a meter rebooting.
 */
final class LibmodbusMeter implements AutoCloseable {

    private final Path binary;
    private int port;
    private Process process;

    private LibmodbusMeter(Path binary) {
        this.binary = binary;
    }

    /** True when gcc and libmodbus-dev are installed (pkg-config knows libmodbus), as CI installs them. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("pkg-config", "--exists", "libmodbus").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isExecutable(Path.of("/usr/bin/gcc"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Compiles the server (once per build) and starts it on a free loopback port. */
    static LibmodbusMeter start(Path module) throws IOException, InterruptedException {
        Path src = module.resolve("../bundles/modbus/bench/modbus_server.c").normalize();
        Path out = module.resolve("target/libmodbus/modbus_server");
        if (!Files.exists(out) || Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(src)) < 0) {
            Files.createDirectories(out.getParent());
            String flags = run(List.of("pkg-config", "--cflags", "--libs", "libmodbus")).trim();
            List<String> gcc = new ArrayList<>(List.of("gcc", "-O2", "-o", out.toString(), src.toString()));
            gcc.addAll(List.of(flags.split("\\s+")));
            run(gcc);
        }
        LibmodbusMeter m = new LibmodbusMeter(out);
        m.startOn(0);
        return m;
    }

    int port() {
        return port;
    }

    /** The meter's process dies at once (SIGKILL): its port refuses until {@link #restart}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Starts again on the same port (libmodbus listens with SO_REUSEADDR). */
    void restart() throws IOException {
        startOn(port);
    }

    private void startOn(int wanted) throws IOException {
        process = new ProcessBuilder(binary.toString(), Integer.toString(wanted), "h:0:uint16:ABCD:2300")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException("libmodbus server did not start on port " + wanted + ": " + line);
        }
        port = Integer.parseInt(line.substring(5).trim());
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}

package org.cabinetgw.failover.itest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Eclipse Mosquitto (Debian's package) on a free loopback port for the real-uplink tests; its log is
 * {@code broker.log} in the directory it is given. {@link #start} returns once it listens.
 */
final class TestMosquitto implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");

    final int port;
    private final Process process;

    private TestMosquitto(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    static TestMosquitto start(Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // as root Mosquitto drops to the user "mosquitto" unless told to stay
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + user);
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(EXECUTABLE.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new TestMosquitto(port, p);
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new AssertionError("mosquitto exited: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("mosquitto did not listen on " + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}

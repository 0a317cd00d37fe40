package org.cabinetgw.deploy.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.0 server on a loopback port holding packages, as a repository in the cloud would:
 * GET of a known path answers the bytes, anything else 404. A path may be given a delay before its
 * body, to keep a download in progress. Written here because the JDK's HttpServer package is not
 * exported by the framework.
 */
final class PackageServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Thread acceptor;

    PackageServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "cabinetgw-deploy-itest-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server holding the build's fixture packages ({@link Fixtures}) at {@code /<name>.dp}: the tests' repository. */
    static PackageServer withFixtures(String... names) throws IOException {
        PackageServer server = new PackageServer();
        for (String name : names) {
            server.put("/" + name + ".dp", Fixtures.bytes(name));
        }
        return server;
    }

    /** Serves a fixture package at {@code path} with its body held back {@code millis}: a download in progress. */
    void putSlow(String path, String fixture, long millis) throws IOException {
        put(path, Fixtures.bytes(fixture));
        delay(path, millis);
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    void put(String path, byte[] bytes) {
        files.put(path, bytes);
    }

    void delay(String path, long millis) {
        delays.put(path, millis);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "cabinetgw-deploy-itest-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            String[] first = head.toString().split("\r\n")[0].split(" ");
            String path = first.length > 1 ? first[1] : "";
            byte[] body = files.get(path);
            if (body == null) {
                out.write("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write(("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Long delay = delays.get(path);
            if (delay != null) {
                out.write(body, 0, 1);
                out.flush();
                Thread.sleep(delay);
                out.write(body, 1, body.length - 1);
            } else {
                out.write(body);
            }
        } catch (IOException e) {
            // the client went away: nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

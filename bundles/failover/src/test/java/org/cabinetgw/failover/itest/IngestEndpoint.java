package org.cabinetgw.failover.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cloud's HTTP ingest as the uplink's fallback sees it: a plain HTTP/1.1 server on a loopback port that
 * reads each POST whole (Content-Length or chunked) and answers 200. One thread, one connection at a time,
 * socket timeouts on everything.
 */
final class IngestEndpoint implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    final AtomicInteger posts = new AtomicInteger();

    IngestEndpoint() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "itest-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/ingest";
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (handle(in, out)) {
                    // keep-alive: next request on the same connection
                }
            } catch (IOException e) {
                // the client went away or the server closed; take the next one
            }
        }
    }

    /** One request; false when the connection ended. */
    private boolean handle(InputStream in, OutputStream out) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return false;
        }
        long length = 0;
        boolean chunked = false;
        for (String line : head.split("\r\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) {
                length = Long.parseLong(l.substring(15).trim());
            } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                String size = readLine(in);
                long n = Long.parseLong(size.split(";")[0].trim(), 16);
                in.skipNBytes(n);
                readLine(in);
                if (n == 0) {
                    break;
                }
            }
        } else {
            in.skipNBytes(length);
        }
        if (head.startsWith("POST")) {
            posts.incrementAndGet();
        }
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            int n = b.size();
            byte[] a = b.toByteArray();
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return b.toString(StandardCharsets.US_ASCII);
            }
            if (n > 64 * 1024) {
                throw new IOException("request head too large");
            }
        }
        return null;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package org.cabinetgw.network.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Probes one target through one link: every socket is bound to the link's source address, so with the
 * per-link routing table and its {@code ip rule from <source>} the probe leaves through that link even when
 * another link carries the default route. Every operation has the given timeout; nothing blocks longer.
 */
final class Prober {

    /** Longest HTTP status line read; a server sending more is not a server we probe. */
    private static final int MAX_STATUS_LINE = 512;

    private final int expectedHttpStatus;

    Prober(int expectedHttpStatus) {
        this.expectedHttpStatus = expectedHttpStatus;
    }

    ProbeResult probe(ProbeTarget target, InetAddress source, int timeoutMillis) {
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(target.host());
        } catch (UnknownHostException e) {
            return ProbeResult.failed(target, "cannot resolve " + target.host());
        } catch (SecurityException e) {
            return ProbeResult.failed(target, "not allowed to resolve " + target.host());
        }
        int remaining = timeoutMillis;
        try {
            switch (target.kind()) {
                case TCP -> tcp(address, target.port(), source, remaining);
                case HTTP, HTTPS -> http(target, address, source, timeoutMillis, start);
                case DNS -> dns(target, address, source, remaining);
            }
            return ProbeResult.ok(target, (System.nanoTime() - start) / 1_000_000);
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed(target, "no answer within " + timeoutMillis + " ms");
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return ProbeResult.failed(target, message);
        }
    }

    private static Socket boundSocket(InetAddress source) throws IOException {
        Socket socket = new Socket();
        try {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            // A probe that closes with RST instead of FIN costs two packets less on a metered link.
            socket.setSoLinger(true, 0);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void tcp(InetAddress address, int port, InetAddress source, int timeoutMillis) throws IOException {
        try (Socket socket = boundSocket(source)) {
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
        }
    }

    private void http(ProbeTarget target, InetAddress address, InetAddress source, int timeoutMillis, long start)
            throws IOException {
        try (Socket plain = boundSocket(source)) {
            plain.connect(new InetSocketAddress(address, target.port()), timeoutMillis);
            plain.setSoTimeout(remaining(timeoutMillis, start));
            Socket socket = plain;
            if (target.kind() == ProbeTarget.Kind.HTTPS) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(plain, target.host(), target.port(), true);
                ssl.setSoTimeout(remaining(timeoutMillis, start));
                ssl.startHandshake();
                socket = ssl;
            }
            String hostHeader = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
            String request = "GET " + target.path() + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n"
                    + "User-Agent: cabinetgw-link-probe\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(remaining(timeoutMillis, start));
            int status = readStatus(socket.getInputStream());
            if (status != expectedHttpStatus) {
                throw new IOException("HTTP status " + status + ", expected " + expectedHttpStatus);
            }
        }
    }

    /** Parses {@code HTTP/1.x NNN ...}; anything else is a failed probe, never an exception escaping. */
    static int readStatus(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() >= MAX_STATUS_LINE) {
                throw new IOException("HTTP status line too long");
            }
            line.append((char) c);
        }
        String text = line.toString().trim();
        String[] parts = text.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP response: '" + abbreviate(text) + "'");
        }
        return Integer.parseInt(parts[1]);
    }

    private static void dns(ProbeTarget target, InetAddress server, InetAddress source, int timeoutMillis)
            throws IOException {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] query = DnsQuery.build(id, target.path());
        try (DatagramSocket socket = source == null ? new DatagramSocket() : new DatagramSocket(0, source)) {
            socket.setSoTimeout(timeoutMillis);
            socket.connect(server, target.port());
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[1500];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                socket.receive(answer);
                if (DnsQuery.isAnswerTo(id, answer.getData(), answer.getLength())) {
                    return;
                }
                // A stray or forged packet: keep waiting for the real answer, but never past the deadline.
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) left);
            }
        }
    }

    private static int remaining(int timeoutMillis, long start) throws SocketTimeoutException {
        long left = timeoutMillis - (System.nanoTime() - start) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) left;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}

package org.cabinetgw.network.internal.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The "cloud" of the namespace tests, run in its own namespace by a child JVM: a TCP echo server on port 7 and
 * an HTTP server answering 204 on port 80, both on the address given. Prints READY when listening.
 */
public final class CloudServer {

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args[0]);
        ServerSocket echo = listen(address, 7);
        ServerSocket http = listen(address, 80);
        start(echo, CloudServer::echo);
        start(http, CloudServer::http);
        System.out.println("READY");
        System.out.flush();
        // live until the test kills us or closes our stdin
        while (System.in.read() != -1) {
            // ignore
        }
        System.exit(0);
    }

    private interface Handler {
        void handle(Socket s) throws IOException;
    }

    private static ServerSocket listen(InetAddress address, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port), 200);
        return s;
    }

    private static void start(ServerSocket server, Handler handler) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Socket c = server.accept();
                    Thread w = new Thread(() -> {
                        try (c) {
                            c.setSoTimeout(5000);
                            handler.handle(c);
                        } catch (IOException e) {
                            // client went away
                        }
                    });
                    w.setDaemon(true);
                    w.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void echo(Socket c) throws IOException {
        InputStream in = c.getInputStream();
        OutputStream out = c.getOutputStream();
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    private static void http(Socket c) throws IOException {
        InputStream in = c.getInputStream();
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) != -1) { // read up to the empty line
            state = (b == '\r' || b == '\n') ? state + 1 : 0;
        }
        c.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}

package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

/** The relay against an echo server on loopback: relays, blackholes without closing, refuses, listens again. */
class FaultProxyTest {

    @Test
    void aBlackholeForwardsNothingAndClosesNothingARefusalRefusesAndBothHeal() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                FaultProxy proxy = new FaultProxy(echo.getLocalPort())) {
            Thread server = new Thread(() -> {
                while (!echo.isClosed()) {
                    try {
                        Socket s = echo.accept();
                        Thread t = new Thread(() -> {
                            try (s) {
                                s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException e) {
                                // closed
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            server.setDaemon(true);
            server.start();

            Socket before = connect(proxy);
            assertEquals('a', roundTrip(before, 'a'));

            proxy.blackhole();
            before.getOutputStream().write('b');
            assertThrows(SocketTimeoutException.class, () -> before.getInputStream().read(), "nothing comes back");
            Socket during = connect(proxy); // accepted, and silent
            during.getOutputStream().write('c');
            assertThrows(SocketTimeoutException.class, () -> during.getInputStream().read());

            proxy.heal();
            assertEquals(-1, before.getInputStream().read(), "a connection that lived through the blackhole is closed");
            Socket after = connect(proxy);
            assertEquals('d', roundTrip(after, 'd'));

            proxy.refuse();
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), proxy.port()));
            proxy.listenAgain();
            assertEquals('e', roundTrip(connect(proxy), 'e'));
        }
    }

    private static Socket connect(FaultProxy proxy) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(1000);
        return s;
    }

    private static int roundTrip(Socket s, char c) throws IOException {
        s.getOutputStream().write(c);
        InputStream in = s.getInputStream();
        return in.read();
    }
}

package org.cabinetgw.uplink.internal.transport;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A plain TCP socket whose input gives nothing, not even the end of the stream, before something has been written
 * to it (or {@link #FIRST_WRITE_BOUND_MILLIS} has passed, or it is closed). An MQTT client always speaks first
 * (CONNECT), so this changes nothing a broker can see.
 *
 * <p>Why: Paho 1.2.5 leaks its connect thread ("MQTT Con") on every attempt against an address that accepts the
 * TCP connection and drops it at once (eclipse-paho/paho.mqtt.java#850; found by the fault campaign, reproduced by
 * {@code AcceptAndDropLeakTest}: 567 threads after 568 attempts). Its connect thread starts the receiver and then
 * sleeps in a loop, with no deadline and deaf to interrupts, until the receiver says it runs; a receiver whose first
 * read meets the end of the stream stops before the connect thread has looked, and the loop never ends. A fresh
 * client per attempt would not help: the stuck thread belongs to the old one and nothing can wake it. Holding the
 * first read until the client's first write removes the race at its root: Paho writes CONNECT only after its
 * receiver, sender and callback are all seen running, so the dropped connection is then met as an ordinary failed
 * connect and all of that attempt's threads end.
 *
 * <p>Only plain {@code tcp://}: over {@code ssl://} such a drop fails inside the TLS handshake, before Paho starts
 * its receiver, and the JDK's TLS socket cannot be subclassed.
 */
final class WriteFirstSocket extends Socket {

    /** Longer than Paho takes to start its threads; a read held this long goes ahead anyway. */
    static final long FIRST_WRITE_BOUND_MILLIS = 30_000;

    private final CountDownLatch written = new CountDownLatch(1);

    WriteFirstSocket() {
        super();
    }

    WriteFirstSocket(String host, int port) throws IOException {
        super(host, port);
    }

    WriteFirstSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        super(host, port, local, localPort);
    }

    WriteFirstSocket(InetAddress host, int port) throws IOException {
        super(host, port);
    }

    WriteFirstSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        super(host, port, local, localPort);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(super.getInputStream()) {
            @Override
            public int read() throws IOException {
                awaitFirstWrite();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                awaitFirstWrite();
                return super.read(b, off, len);
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return new FilterOutputStream(super.getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                written.countDown();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // the whole array at once (FilterOutputStream would write byte by byte)
                written.countDown();
            }
        };
    }

    @Override
    public synchronized void close() throws IOException {
        written.countDown(); // a held read goes on and meets the closed socket
        super.close();
    }

    private void awaitFirstWrite() throws IOException {
        try {
            written.await(FIRST_WRITE_BOUND_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted before the first write");
        }
    }
}

package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket per heartbeat path, bound to this node's address on that path, and a thread per socket that hands
 * every datagram to the engine. The receive buffer is one byte larger than the largest heartbeat, so anything
 * longer is seen as oversized instead of silently cut.
 */
final class HeartbeatSockets implements DatagramSender, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSockets.class);

    /** Where received datagrams go. */
    @FunctionalInterface
    interface Receiver {
        void receive(int path, byte[] data, int length, String source);
    }

    private final List<PathSpec> paths;
    private final List<DatagramSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    HeartbeatSockets(List<PathSpec> paths) throws SocketException {
        this.paths = paths;
        try {
            for (PathSpec p : paths) {
                try {
                    DatagramSocket s = new DatagramSocket(p.local());
                    s.setTrafficClass(0x10); // low delay, for networks that honour it
                    sockets.add(s);
                } catch (SocketException e) {
                    throw new SocketException("heartbeat path '" + p.name() + "': cannot listen on "
                            + PathSpec.text(p.local()) + ": " + e.getMessage());
                }
            }
        } catch (SocketException e) {
            sockets.forEach(DatagramSocket::close);
            throw e;
        }
    }

    void start(Receiver receiver) {
        for (int i = 0; i < sockets.size(); i++) {
            int path = i;
            DatagramSocket s = sockets.get(i);
            Thread t = new Thread(() -> receiveLoop(path, s, receiver), "ha-heartbeat-" + paths.get(i).name());
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            threads.add(t);
            t.start();
        }
    }

    private void receiveLoop(int path, DatagramSocket s, Receiver receiver) {
        byte[] buf = new byte[HeartbeatCodec.MAX_DATAGRAM + 1];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                packet.setLength(buf.length);
                s.receive(packet);
                receiver.receive(path, buf, packet.getLength(),
                        packet.getAddress().getHostAddress() + ":" + packet.getPort());
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("Heartbeat path {}: receive failed", paths.get(path).name(), e);
                }
            } catch (RuntimeException e) {
                // the engine never throws for a datagram; should it, the path must keep listening
                LOG.error("Heartbeat path {}: a datagram could not be handled: {}", paths.get(path).name(), e.toString());
            }
        }
    }

    @Override
    public void send(int path, byte[] datagram) {
        try {
            sockets.get(path).send(new DatagramPacket(datagram, datagram.length, paths.get(path).peer()));
        } catch (IOException e) {
            // a pulled cable: the peer will see the path down; nothing to do here
            LOG.debug("Heartbeat path {}: send failed: {}", paths.get(path).name(), e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        sockets.forEach(DatagramSocket::close);
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package org.cabinetgw.ha.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A standby other than the real {@link ReplicationReceiver}, for the stream tests ({@link ReplicationStreamTest},
 * {@link ConfigOverStreamTest}): it listens on 127.0.0.1 at the port given, takes one connection, shakes hands with
 * the test key and pair {@code cab}, reads every frame (recording its type in {@link #seen}) and answers only the
 * frames {@code answers} selects. It never says {@code CONFIG_HELLO}: a standby of the release before configuration
 * replication, or one that stops answering (frozen disk, stalled JVM) when {@code answers} says no.
 */
final class ScriptedStandby implements AutoCloseable {

    /** The types of the frames the active sent, in any order. */
    final Set<ReplicationFrame.Type> seen = ConcurrentHashMap.newKeySet();
    private final ServerSocket server;

    ScriptedStandby(int port, Predicate<ReplicationFrame.Frame> answers) throws IOException {
        server = new ServerSocket(port, 4, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> serve(answers), "scripted-standby");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Predicate<ReplicationFrame.Frame> answers) {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            ReplicationFrame frames = new ReplicationFrame(TwoNodes.KEY, "cab", ReplicationHandshake.exchange(in, out,
                    true));
            long seq = 1;
            long answered = 1;
            while (true) {
                ReplicationFrame.Frame f = frames.read(in, seq++);
                seen.add(f.type());
                if (answers.test(f)) {
                    frames.write(out, ReplicationFrame.Type.ANSWER, 1, 3, answered++,
                            ByteBuffer.allocate(8).putLong(f.seq()).array());
                    out.flush();
                }
            }
        } catch (IOException e) {
            // closed by the sender or the test
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

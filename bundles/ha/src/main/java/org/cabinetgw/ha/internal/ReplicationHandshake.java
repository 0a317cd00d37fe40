package org.cabinetgw.ha.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The opening of a replication connection: each side sends "CGHN" and 16 random bytes; both nonces (the standby's
 * first) go into the MAC of every frame that follows, so neither side can be fed frames recorded on another
 * connection (a replayed stream, or a replayed answer that would make the active believe the standby holds a batch).
 */
final class ReplicationHandshake {

    private static final byte[] MAGIC = {'C', 'G', 'H', 'N'};
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplicationHandshake() {
    }

    /** Sends this side's nonce, reads the peer's; returns standby's nonce | active's nonce. */
    static byte[] exchange(DataInputStream in, DataOutputStream out, boolean standby) throws IOException {
        byte[] mine = new byte[ReplicationFrame.NONCE_BYTES];
        RANDOM.nextBytes(mine);
        out.write(MAGIC);
        out.write(mine);
        out.flush();
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ReplicationFrame.Refused("MALFORMED", "not a replication handshake");
        }
        byte[] theirs = new byte[ReplicationFrame.NONCE_BYTES];
        in.readFully(theirs);
        byte[] both = new byte[2 * ReplicationFrame.NONCE_BYTES];
        System.arraycopy(standby ? mine : theirs, 0, both, 0, mine.length);
        System.arraycopy(standby ? theirs : mine, 0, both, mine.length, mine.length);
        return both;
    }
}

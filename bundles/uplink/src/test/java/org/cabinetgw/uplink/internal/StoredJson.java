package org.cabinetgw.uplink.internal;

import org.cabinetgw.telemetry.Message;

/** For tests of other packages: a message exactly as the queue keeps it (the uplink's JSON encoding). */
public final class StoredJson {

    private StoredJson() {
    }

    public static byte[] encode(Message m) {
        return MessageEncoder.encode(m);
    }
}

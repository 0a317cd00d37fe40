package org.cabinetgw.uplink.internal.testing;

import java.util.ArrayList;
import java.util.List;

/** What a test started (brokers, transports, processes), closed in reverse order by {@link #close}. */
public final class Cleanup implements AutoCloseable {

    private final List<AutoCloseable> closeLast = new ArrayList<>();

    public <T extends AutoCloseable> T add(T t) {
        closeLast.add(t);
        return t;
    }

    @Override
    public void close() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        closeLast.clear();
    }
}

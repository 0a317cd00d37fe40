package org.cabinetgw.uplink.internal.testing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test started (brokers, transports, processes), closed in reverse order after each test: a field
 * {@code @RegisterExtension final Cleanup cleanup = new Cleanup();}.
 */
public final class Cleanup implements AutoCloseable, AfterEachCallback {

    private final List<AutoCloseable> closeLast = new ArrayList<>();

    public <T extends AutoCloseable> T add(T t) {
        closeLast.add(t);
        return t;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        closeLast.clear();
    }
}

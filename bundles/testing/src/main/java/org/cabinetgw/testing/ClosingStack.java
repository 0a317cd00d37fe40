package org.cabinetgw.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened, closed in reverse order at its end (a transport before the engine it feeds, a client before
 * its server): {@code closing(x)} while setting up, {@link #close()} in {@code @AfterEach}. Every resource is
 * closed even when one fails; the first failure is thrown with the later ones suppressed, so a failing close never
 * leaves a socket or a thread behind for the next test.
 */
public final class ClosingStack implements AutoCloseable {

    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Remembers {@code resource} to be closed before everything pushed earlier; returns it. */
    public synchronized <T extends AutoCloseable> T push(T resource) {
        open.push(resource);
        return resource;
    }

    /** Closes everything pushed, the last first; afterwards the stack is empty (a second call does nothing). */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c = pop(); c != null; c = pop()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized AutoCloseable pop() {
        return open.pollFirst();
    }
}

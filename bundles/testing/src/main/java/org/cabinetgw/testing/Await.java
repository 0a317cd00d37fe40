package org.cabinetgw.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waiting for a condition instead of sleeping a fixed time: the probe is asked every 20 ms until its value
 * satisfies the condition (returned at once) or the time is up (an AssertionError naming what was awaited
 * and the last value seen). A probe that throws counts as "not yet"; its last exception is the error's cause.
 * The one wait loop of the tests (unit, in-framework and end-to-end); generous timeouts cost nothing when the
 * condition comes early, and keep a slow, shared build machine from failing a test.
 */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** The probe's first value that satisfies {@code done}, within {@code timeout}. */
    public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done)
            throws InterruptedException {
        Outcome<T> o = poll(timeout, probe, done);
        if (o.done()) {
            return o.last();
        }
        AssertionError error = new AssertionError(what + " did not happen within " + timeout.toMillis()
                + " ms; last seen: " + (o.failure() != null ? o.failure() : o.last()));
        if (o.failure() != null) {
            error.initCause(o.failure());
        }
        throw error;
    }

    /**
     * The probe's first value that satisfies {@code done} within {@code timeout}, or empty: for what may not come
     * and is then asked for again (a request whose reply a channel still subscribing never sent).
     */
    public static <T> Optional<T> within(Duration timeout, Callable<T> probe, Predicate<? super T> done)
            throws InterruptedException {
        Outcome<T> o = poll(timeout, probe, done);
        return o.done() ? Optional.ofNullable(o.last()) : Optional.empty();
    }

    /** How a wait ended: done with its value, or the time up with the last value or failure seen. */
    private record Outcome<T>(boolean done, T last, Exception failure) {
    }

    private static <T> Outcome<T> poll(Duration timeout, Callable<T> probe, Predicate<? super T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception failure = null;
        while (true) {
            try {
                last = probe.call();
                failure = null;
                if (done.test(last)) {
                    return new Outcome<>(true, last, null);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Outcome<>(false, last, failure);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Until the condition holds, within {@code timeout}. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        until(what, timeout, condition, Boolean.TRUE::equals);
    }

    /** The probe's first value that is not null, within {@code timeout}. */
    public static <T> T nonNull(String what, Duration timeout, Callable<T> probe) throws InterruptedException {
        return until(what, timeout, probe, v -> v != null);
    }
}

package org.cabinetgw.modbus.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.cabinetgw.modbus.LineStatistics;
import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical line shared by every lease on it. Requests are serialised by a fair lock (an RS-485
 * bus answers one request at a time, and fairness keeps one busy meter from starving the others), the
 * endpoint's pause is kept between requests, failures are retried, and a broken connection is reopened
 * lazily with {@link Backoff}. After a timeout or a malformed answer the connection is dropped, because
 * a late answer still in the socket would otherwise be taken as the answer to the next request.
 */
final class SharedLine {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLine.class);

    /** One request on a connected driver. */
    @FunctionalInterface
    interface Request<T> {
        T run(LineDriver driver) throws ModbusException;
    }

    private final ModbusEndpoint endpoint;
    private final LineDriver driver;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Backoff backoff;
    private final long pauseNanos;
    private long lastRequestEnd;
    private boolean everEnded;
    private volatile boolean closed;
    private final LineLog log;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private int leases; // guarded by the master's map lock

    SharedLine(ModbusEndpoint endpoint, LineDriver driver) {
        this.endpoint = endpoint;
        this.driver = driver;
        this.backoff = new Backoff(endpoint.maxBackoff().toNanos());
        this.pauseNanos = endpoint.pause().toNanos();
        this.log = new LineLog(endpoint.describe(), (warn, text) -> {
            if (warn) {
                LOG.warn(text);
            } else {
                LOG.info(text);
            }
        });
    }

    ModbusEndpoint endpoint() {
        return endpoint;
    }

    <T> T execute(Request<T> request) throws ModbusException {
        if (closed) {
            throw new ModbusException(Kind.CLOSED, endpoint.describe() + " is closed");
        }
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModbusException(Kind.CLOSED, "interrupted while waiting for " + endpoint.describe(), e);
        }
        try {
            log.tick(System.nanoTime());
            ModbusException last = null;
            for (int attempt = 0; attempt <= endpoint.retries(); attempt++) {
                if (closed) {
                    throw new ModbusException(Kind.CLOSED, endpoint.describe() + " is closed");
                }
                if (attempt > 0) {
                    retries.incrementAndGet();
                    log.retried();
                }
                ensureConnected();
                keepPause();
                try {
                    T result = request.run(driver);
                    requests.incrementAndGet();
                    markEnd();
                    log.answered(System.nanoTime());
                    return result;
                } catch (ModbusException e) {
                    markEnd();
                    last = e;
                    if (e.kind() == Kind.EXCEPTION_RESPONSE) {
                        // the device is alive and said no: only "busy" is worth asking again
                        if (e.exceptionCode() != ModbusException.SERVER_DEVICE_BUSY) {
                            break;
                        }
                    } else {
                        driver.close();
                    }
                }
            }
            failures.incrementAndGet();
            if (last.kind() != Kind.EXCEPTION_RESPONSE) {
                log.failed(System.nanoTime(), last.getMessage());
            }
            throw last;
        } finally {
            lock.unlock();
        }
    }

    private void ensureConnected() throws ModbusException {
        if (driver.isConnected()) {
            return;
        }
        long now = System.nanoTime();
        if (!backoff.mayAttempt(now)) {
            failures.incrementAndGet();
            // no countdown in the text: it would change on every poll and so would every health reason quoting it
            throw new ModbusException(Kind.CONNECTION, endpoint.describe() + " is not connected; it is tried again "
                    + "with growing pauses (at most " + endpoint.maxBackoff().toMillis() + " ms)");
        }
        try {
            driver.connect();
            reconnects.incrementAndGet();
            log.reconnected();
            backoff.succeeded();
        } catch (ModbusException e) {
            if (refused(e)) {
                backoff.refused(System.nanoTime());
            } else {
                backoff.failed(System.nanoTime());
            }
            failures.incrementAndGet();
            log.failed(System.nanoTime(), e.getMessage());
            throw e;
        }
    }

    /** The host answered the connect with a reset: nobody listens there now, but the host is reachable. */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private void keepPause() throws ModbusException {
        if (pauseNanos <= 0 || !everEnded) {
            return;
        }
        long wait = lastRequestEnd + pauseNanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModbusException(Kind.CLOSED, "interrupted during the pause on " + endpoint.describe(), e);
            }
        }
    }

    private void markEnd() {
        lastRequestEnd = System.nanoTime();
        everEnded = true;
    }

    LineStatistics statistics() {
        return new LineStatistics(requests.get(), failures.get(), reconnects.get(), driver.isConnected(), retries.get());
    }

    /** Closes at once, also while a request is blocked (its socket is closed under it). */
    void close() {
        closed = true;
        driver.close();
    }

    boolean isClosed() {
        return closed;
    }

    int leases() {
        return leases;
    }

    void addLease() {
        leases++;
    }

    int removeLease() {
        return --leases;
    }
}

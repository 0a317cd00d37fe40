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
    private volatile boolean wasUp = true; // log the first failure and the recovery once, not every poll
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private int leases; // guarded by the master's map lock

    SharedLine(ModbusEndpoint endpoint, LineDriver driver) {
        this.endpoint = endpoint;
        this.driver = driver;
        this.backoff = new Backoff(endpoint.maxBackoff().toNanos());
        this.pauseNanos = endpoint.pause().toNanos();
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
            ModbusException last = null;
            for (int attempt = 0; attempt <= endpoint.retries(); attempt++) {
                if (closed) {
                    throw new ModbusException(Kind.CLOSED, endpoint.describe() + " is closed");
                }
                ensureConnected();
                keepPause();
                try {
                    T result = request.run(driver);
                    requests.incrementAndGet();
                    markEnd();
                    if (!wasUp) {
                        wasUp = true;
                        LOG.info("Modbus line {} answers again", endpoint.describe());
                    }
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
            if (last.kind() != Kind.EXCEPTION_RESPONSE && wasUp) {
                wasUp = false;
                LOG.warn("Modbus line {} failed: {}", endpoint.describe(), last.getMessage());
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
            throw new ModbusException(Kind.CONNECTION, endpoint.describe() + " is down; next connect in "
                    + TimeUnit.NANOSECONDS.toMillis(backoff.remaining(now)) + " ms");
        }
        try {
            driver.connect();
            reconnects.incrementAndGet();
            backoff.succeeded();
        } catch (ModbusException e) {
            backoff.failed(System.nanoTime());
            failures.incrementAndGet();
            if (wasUp) {
                wasUp = false;
                LOG.warn("Modbus line {}: {}", endpoint.describe(), e.getMessage());
            }
            throw e;
        }
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
        return new LineStatistics(requests.get(), failures.get(), reconnects.get(), driver.isConnected());
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

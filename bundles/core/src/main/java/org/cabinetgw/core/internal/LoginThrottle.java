package org.cabinetgw.core.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins per client address, and how long that address must wait before it may try again.
 *
 * <p>The rule: {@value #FREE_FAILURES} failures in a row cost nothing (typos); each further one locks the
 * address out for twice as long as the one before, from 1 s up to {@value #MAX_LOCK_SECONDS} s. A guessing
 * client that managed 2,000 guesses a second gets about 20 in its first hour and then 4 an hour; the
 * administrator who mistyped five times waits one second. An attempt while locked is answered at once
 * (429, Retry-After) without looking at the password: no CPU spent on it, and no way to learn that a guess
 * was right. A successful login forgets the address's failures.
 *
 * <p>Why not a sleep before answering: it would hold one of Jetty's few threads per guess, and a
 * parallel guesser would take them all. Why per address and not per user: a lock-out per user would let
 * anyone on the network lock the administrator out; per address it locks out only the guesser (and whoever
 * shares its address). Memory is bounded: at most {@value #MAX_ADDRESSES} addresses, the least recently seen
 * forgotten first, and an address forgotten an hour after its last failure.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final long MAX_LOCK_SECONDS = 900;
    static final int MAX_ADDRESSES = 4096;
    private static final long FORGET_MILLIS = 3_600_000;
    private static final long LOG_EVERY_MILLIS = 60_000;

    /** What a failure did: how long the address is now locked out, and whether to write a log line now. */
    record Failure(int inARow, long lockMillis, long loggedSince) {
        boolean logNow() {
            return loggedSince > 0;
        }
    }

    private static final class Entry {
        int inARow;
        long lockedUntil;
        long lastFailure;
        long lastLine = Long.MIN_VALUE / 2; // never: the first failure is always logged
        int sinceLine;
    }

    private final Map<String, Entry> addresses = new LinkedHashMap<>(64, 0.75f, true);

    /** Milliseconds the address must still wait; 0 when it may try. */
    synchronized long lockedFor(String address, long now) {
        Entry e = addresses.get(address);
        return e == null ? 0 : Math.max(0, e.lockedUntil - now);
    }

    synchronized Failure failed(String address, long now) {
        forgetOld(now);
        Entry e = addresses.computeIfAbsent(address, a -> new Entry());
        e.inARow++;
        e.lastFailure = now;
        long lock = 0;
        if (e.inARow > FREE_FAILURES) {
            int doublings = Math.min(e.inARow - FREE_FAILURES - 1, 20);
            lock = Math.min(1000L << doublings, MAX_LOCK_SECONDS * 1000);
            e.lockedUntil = now + lock;
        }
        e.sinceLine++;
        long logged = 0;
        if (now - e.lastLine >= LOG_EVERY_MILLIS) {
            logged = e.sinceLine;
            e.sinceLine = 0;
            e.lastLine = now;
        }
        return new Failure(e.inARow, lock, logged);
    }

    synchronized void succeeded(String address) {
        addresses.remove(address);
    }

    synchronized int size() {
        return addresses.size();
    }

    private void forgetOld(long now) {
        Iterator<Entry> it = addresses.values().iterator(); // least recently seen first
        while (it.hasNext()) {
            Entry e = it.next();
            boolean stale = now - e.lastFailure >= FORGET_MILLIS && now >= e.lockedUntil;
            if (!stale && addresses.size() < MAX_ADDRESSES) {
                break;
            }
            it.remove();
        }
    }
}

package org.cabinetgw.network.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code max} bearer resets within any {@code periodMillis}: a wrong APN or a dead SIM makes every
 * reset fail, and without a budget the modem would be reset forever. Time is given by the caller.
 */
final class ResetBudget {

    private final int max;
    private final long periodMillis;
    private final Deque<Long> used = new ArrayDeque<>();

    ResetBudget(int max, long periodMillis) {
        this.max = Check.range("reset.budget", max, CellularConfig.RESET_BUDGET_MIN, CellularConfig.RESET_BUDGET_MAX);
        this.periodMillis = Check.range("reset.budget.period.seconds", periodMillis, 1_000, 7L * 86_400_000);
    }

    /** Takes one reset from the budget if one is left; false when it is exhausted. */
    synchronized boolean tryUse(long now) {
        expire(now);
        if (used.size() >= max) {
            return false;
        }
        used.addLast(now);
        return true;
    }

    synchronized int left(long now) {
        expire(now);
        return max - used.size();
    }

    /** When the next reset becomes available; {@code now} when one is available already. */
    synchronized long nextAvailable(long now) {
        expire(now);
        if (used.size() < max) {
            return now;
        }
        return max == 0 ? Long.MAX_VALUE : used.peekFirst() + periodMillis;
    }

    private void expire(long now) {
        while (!used.isEmpty() && used.peekFirst() <= now - periodMillis) {
            used.removeFirst();
        }
    }
}

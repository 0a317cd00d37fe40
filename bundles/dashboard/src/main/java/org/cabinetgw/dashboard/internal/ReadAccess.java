package org.cabinetgw.dashboard.internal;

import org.cabinetgw.http.AdminLogin;

/**
 * Who may read the dashboard: the web console's administrator, checked by core's {@link AdminLogin} (the same
 * login, hash and throttle as the console and every admin endpoint), or anyone when {@code allow.anonymous.read}
 * is set. The admin context itself lets every read through (monitoring polls /health), which is too open for a
 * page showing the whole cabinet; changes (drills) are still guarded by that context. Without an administrator,
 * or without core's login check, nothing is readable unless anonymous reads are allowed: it never falls open.
 */
final class ReadAccess {

    enum Outcome { ALLOWED, NO_ADMINISTRATOR, CREDENTIALS_NEEDED, LOCKED_OUT }

    /** @param retryAfterSeconds how long a locked-out address waits; 0 otherwise */
    record Verdict(Outcome outcome, long retryAfterSeconds) {
        static final Verdict ALLOWED = new Verdict(Outcome.ALLOWED, 0);
        static final Verdict NO_ADMINISTRATOR = new Verdict(Outcome.NO_ADMINISTRATOR, 0);
        static final Verdict CREDENTIALS_NEEDED = new Verdict(Outcome.CREDENTIALS_NEEDED, 0);
    }

    private ReadAccess() {
    }

    static Verdict check(boolean anonymous, String authorization, String clientAddress, AdminLogin login) {
        if (anonymous) {
            return Verdict.ALLOWED;
        }
        if (login == null) {
            return Verdict.NO_ADMINISTRATOR;
        }
        AdminLogin.Verdict v = login.check(authorization, clientAddress);
        return switch (v.outcome()) {
            case ACCEPTED -> Verdict.ALLOWED;
            case NOT_CONFIGURED -> Verdict.NO_ADMINISTRATOR;
            case LOCKED_OUT -> new Verdict(Outcome.LOCKED_OUT, Math.max(1, v.retryAfterSeconds()));
            case REFUSED -> Verdict.CREDENTIALS_NEEDED;
        };
    }
}

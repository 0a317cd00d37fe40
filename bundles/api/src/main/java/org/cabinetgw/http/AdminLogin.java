package org.cabinetgw.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The administrator's login check, provided by the core bundle and used by everything that asks for the
 * administrator's credentials (the {@link AdminContext}, the web console): the same user and password
 * everywhere, failed logins throttled per client address and logged, never a default password.
 */
@ProviderType
public interface AdminLogin {

    /** What became of a login. */
    enum Outcome {
        /** The credentials are the administrator's. */
        ACCEPTED,
        /** Missing or wrong credentials: answer 401 and ask for Basic authentication. */
        REFUSED,
        /** Too many failures from this address: answer 429 with {@code Retry-After}; the password was not looked at. */
        LOCKED_OUT,
        /** No administrator is configured: every change is refused (403). */
        NOT_CONFIGURED
    }

    /**
     * @param outcome           what became of the login
     * @param user              the administrator's user name when accepted, else null
     * @param retryAfterSeconds when locked out, how long the address must wait; else 0
     */
    record Verdict(Outcome outcome, String user, long retryAfterSeconds) {
    }

    /**
     * Checks an HTTP {@code Authorization} header (Basic) sent from a client address.
     *
     * @param authorization the header as received, may be null
     * @param clientAddress the client's address as the server saw it ({@code getRemoteAddr()})
     */
    Verdict check(String authorization, String clientAddress);
}

package org.cabinetgw.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.cabinetgw.support.internal.password.PasswordHash;

/**
 * The administrator's user and stored password ({@link PasswordHash}: PBKDF2 as our launcher writes it, or
 * the unsalted SHA-256 / clear text of earlier versions and of the web console's own configuration).
 * Comparisons take the same time whatever the mismatch, so the answer time does not leak how much of a
 * guess was right.
 */
record AdminCredentials(String user, String password) {

    /** Null when either part is missing or blank: then nothing may be changed over HTTP. */
    static AdminCredentials of(Object user, Object password) {
        if (!(user instanceof String u) || !(password instanceof String p) || u.isBlank() || p.isBlank()) {
            return null;
        }
        return new AdminCredentials(u, p);
    }

    /** Whether an {@code Authorization} header carries these credentials (HTTP Basic). */
    boolean accepts(String authorization) {
        String[] given = basic(authorization);
        if (given == null) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(bytes(user), bytes(given[0]));
        boolean passwordMatches = PasswordHash.matches(password, given[1]);
        return userMatches & passwordMatches;
    }

    /** {user, password} from a Basic header, or null when the header is absent or malformed. */
    static String[] basic(String authorization) {
        // A header longer than this is not a credential; refuse before decoding anything large.
        if (authorization == null || authorization.length() > 1024
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon <= 0 ? null : new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AdminCredentials[user=" + user + "]"; // never the password, not even its hash
    }
}

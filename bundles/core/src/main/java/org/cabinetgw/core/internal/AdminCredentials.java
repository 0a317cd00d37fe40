package org.cabinetgw.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The administrator's user and password as the Felix web console keeps them: the password either in clear
 * or as {@code {sha-256}base64(sha-256(utf-8))}, which is what our launcher writes. Comparisons take the same
 * time whatever the mismatch, so the answer time does not leak how much of a guess was right.
 */
record AdminCredentials(String user, String password) {

    private static final String SHA256 = "{sha-256}";

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
        boolean passwordMatches = password.startsWith(SHA256)
                ? MessageDigest.isEqual(bytes(password), bytes(SHA256 + sha256(given[1])))
                : MessageDigest.isEqual(bytes(password), bytes(given[1]));
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

    static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AdminCredentials[user=" + user + "]"; // never the password, not even its hash
    }
}

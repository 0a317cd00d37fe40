package org.cabinetgw.support.internal.password;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The administrator's password as it is stored: {@code {pbkdf2-sha256}ITERATIONS$SALT$HASH} (salt and hash
 * in Base64), PBKDF2WithHmacSHA256 from the JDK, a random 16-byte salt per password. Slow on purpose: a
 * stolen credentials file costs an attacker {@value #ITERATIONS} HMACs per guess, where the unsalted SHA-256
 * of earlier versions cost one and let one table serve every gateway.
 *
 * <p>Still understood, so that nothing locks the administrator out: {@code {sha-256}BASE64} (what earlier
 * versions and the Felix web console wrote; {@link #isLegacy} tells the caller to store the password again
 * in the new form at the next login) and a password in clear (the web console's own configuration).
 *
 * <p>Written once for the two places that hash the password: core's console login (copied into the bundle by
 * bnd) and the launcher, which writes the first credentials before any bundle runs (the runtime's shade
 * plugin copies this package, and only this one, into the executable jar).
 */
public final class PasswordHash {

    public static final String PREFIX = "{pbkdf2-sha256}";
    private static final String SHA256 = "{sha-256}";
    /**
     * OWASP's figure for PBKDF2-HMAC-SHA256 (2023) is 600,000; this is a third of it because the systemd
     * unit runs the JVM with the C1 compiler only, where one verification costs 423 ms of CPU on the build
     * machine (x86-64; 48 ms with the JVM's defaults), several times that on a small ARM gateway. A successful
     * login is verified once (the login check remembers an accepted header), so only guesses pay for it again
     * and again, and the throttle allows few of those.
     */
    public static final int ITERATIONS = 210_000;
    private static final int MAX_ITERATIONS = 10_000_000;

    private PasswordHash() {
    }

    public static String create(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return format(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    /** Whether {@code given} is the password {@code stored} describes; the same work whatever the mismatch. */
    public static boolean matches(String stored, String given) {
        if (stored.startsWith(PREFIX)) {
            String[] parts = stored.substring(PREFIX.length()).split("\\$");
            if (parts.length != 3) {
                return false;
            }
            try {
                int iterations = Integer.parseInt(parts[0]);
                if (iterations < 1 || iterations > MAX_ITERATIONS) {
                    return false;
                }
                byte[] salt = Base64.getDecoder().decode(parts[1]);
                byte[] expected = Base64.getDecoder().decode(parts[2]);
                return MessageDigest.isEqual(expected, derive(given, salt, iterations));
            } catch (IllegalArgumentException e) {
                return false; // a damaged entry accepts nothing
            }
        }
        if (stored.startsWith(SHA256)) {
            return MessageDigest.isEqual(bytes(stored), bytes(SHA256 + sha256(given)));
        }
        return MessageDigest.isEqual(bytes(stored), bytes(given));
    }

    /** True for the forms a login should replace with {@link #create}: unsalted SHA-256 or clear text. */
    public static boolean isLegacy(String stored) {
        return !stored.startsWith(PREFIX);
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has PBKDF2WithHmacSHA256", e);
        }
    }

    public static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.cabinetgw.secrets.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JDK for one stored value: {@value #PREFIX} then base64 of a fresh 12-byte nonce and the
 * ciphertext with its 16-byte tag. The value's place (configuration PID and attribute) is the associated data,
 * so a ciphertext altered, or copied to another attribute or configuration, fails to decrypt instead of giving
 * another setting's secret.
 */
final class SecretCipher {

    /** Marks a stored value as ciphertext; any other string is clear text (a configuration not yet migrated). */
    static final String PREFIX = "{aes-gcm}";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(byte[] key) {
        if (key.length != ConfigKey.BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + ConfigKey.BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    static boolean isEncrypted(Object value) {
        return value instanceof String s && s.startsWith(PREFIX);
    }

    String encrypt(String clear, String place) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(place.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return PREFIX + Base64.getEncoder().encodeToString(out);
    }

    /**
     * The clear value of {@code stored} at {@code place}; an {@link AEADBadTagException} when it was altered,
     * moved, or made with another key, a {@link GeneralSecurityException} when it is not a ciphertext at all.
     */
    String decrypt(String stored, String place) throws GeneralSecurityException {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new GeneralSecurityException("not a ciphertext: " + e.getMessage());
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("not a ciphertext: " + in.length + " bytes");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
        c.updateAAD(place.getBytes(StandardCharsets.UTF_8));
        return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }
}

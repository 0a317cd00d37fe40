package org.cabinetgw.ha.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Configurations carry secrets (Password attributes: the uplink's password, a bearer token): the replication frames
 * are authenticated but not encrypted, so a configuration's body is sealed with AES-256-GCM under a key derived from
 * the pair key (HMAC-SHA256 of a fixed label), a random 12-byte nonce per body: {@code nonce | ciphertext | tag}.
 * Only the two nodes of the pair can read what crosses the cable or the LAN.
 */
final class ConfigSealing {

    private static final byte[] LABEL = "cabinetgw ha configuration v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    ConfigSealing(byte[] pairKey) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(pairKey, "HmacSHA256"));
            this.key = new SecretKeySpec(m.doFinal(LABEL), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    byte[] seal(byte[] plain) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(LABEL);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws ConfigChange.Refused a body not sealed under this pair's key */
    byte[] open(byte[] sealed) throws ConfigChange.Refused {
        if (sealed.length < NONCE + TAG_BITS / 8) {
            throw new ConfigChange.Refused("CONFIG_UNREADABLE", "a sealed body of " + sealed.length + " bytes");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            c.updateAAD(LABEL);
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new ConfigChange.Refused("CONFIG_UNREADABLE", "not sealed under this pair's key");
        }
    }
}

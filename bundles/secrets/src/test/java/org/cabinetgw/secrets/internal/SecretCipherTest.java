package org.cabinetgw.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private final SecretCipher cipher = new SecretCipher(key());

    private static byte[] key() {
        byte[] k = new byte[ConfigKey.BYTES];
        new SecureRandom().nextBytes(k);
        return k;
    }

    @Test
    void roundTripsAndNeverRepeatsACiphertext() throws Exception {
        String a = cipher.encrypt("s3cret-pw", "org.cabinetgw.uplink.mqtt\npassword");
        String b = cipher.encrypt("s3cret-pw", "org.cabinetgw.uplink.mqtt\npassword");
        assertThat(a).startsWith(SecretCipher.PREFIX).doesNotContain("s3cret").isNotEqualTo(b);
        assertThat(cipher.decrypt(a, "org.cabinetgw.uplink.mqtt\npassword")).isEqualTo("s3cret-pw");
        assertThat(cipher.decrypt(cipher.encrypt("", "p\nk"), "p\nk")).isEmpty();
    }

    @Test
    void aTamperedCiphertextIsRefused() throws Exception {
        String sealed = cipher.encrypt("s3cret-pw", "pid\npassword");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(SecretCipher.PREFIX.length()));
        for (int i : new int[] { 0, 13, raw.length - 1 }) { // the nonce, the ciphertext, the tag
            byte[] copy = raw.clone();
            copy[i] ^= 1;
            String tampered = SecretCipher.PREFIX + Base64.getEncoder().encodeToString(copy);
            assertThatThrownBy(() -> cipher.decrypt(tampered, "pid\npassword")).isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void aCiphertextMovedToAnotherAttributeOrAnotherKeyIsRefused() throws Exception {
        String sealed = cipher.encrypt("s3cret-pw", "pid\npassword");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "pid\nbearer.token")).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "other\npassword")).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> new SecretCipher(key()).decrypt(sealed, "pid\npassword"))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void garbageAfterThePrefixIsNotACiphertext() {
        for (String hostile : new String[] { SecretCipher.PREFIX, SecretCipher.PREFIX + "!!!", SecretCipher.PREFIX + "AAAA",
                SecretCipher.PREFIX + "A".repeat(100_000) }) {
            assertThatThrownBy(() -> cipher.decrypt(hostile, "p\nk")).isInstanceOf(GeneralSecurityException.class);
        }
    }
}

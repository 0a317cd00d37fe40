package org.cabinetgw.secrets.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Consumer;

import org.apache.felix.cm.PersistenceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ConfigurationAdmin's persistence with secrets encrypted: every configuration goes through here on its way to
 * and from Felix's own file persistence ({@code <data>/config}), which is kept as it is (format, atomic writes).
 *
 * <p>Why a PersistenceManager and not a ConfigurationPlugin (the other hook Felix offers): a plugin changes what
 * a component receives, never what ConfigurationAdmin stores. Kura's CryptoService works that way because Kura's
 * own configuration service encrypts a password before it calls {@code update}; here the writers are the web
 * console, the OSGi Configurator and the launcher's site file, which all write clear text, so with a plugin the
 * files would keep the clear text and only the delivery would change. Under the store, nobody can write around
 * it: ConfigurationAdmin waits for this manager ({@code felix.cm.pm=cabinetgw}) before it reads or writes
 * anything, every file it writes holds only ciphertext, and what it hands to components (and to the console,
 * which masks Password attributes itself) is the clear value it read back through {@link #load}.
 *
 * <p>Faults: a value that does not decrypt (altered, or made with another key) or a key file missing or not a
 * key never stops ConfigurationAdmin: the configuration is delivered without that value, and the fault is
 * logged at ERROR and reported (health {@code config.secrets}, DEGRADED) naming the file, the PID and the attribute. A
 * secret is never stored in clear when the key cannot be used: the update fails, naming the key file.
 */
final class EncryptingPersistenceManager implements PersistenceManager {

    private static final Logger LOG = LoggerFactory.getLogger(EncryptingPersistenceManager.class);

    private final PersistenceManager files;
    private final ConfigKey key;
    private final SecretAttributes secrets;
    private final Consumer<String> problems;
    private SecretCipher cipher;
    /** Why there is no cipher, or null; a key file that is not a key is never replaced. */
    private String keyProblem;
    private boolean keyCorrupt;

    EncryptingPersistenceManager(PersistenceManager files, ConfigKey key, SecretAttributes secrets, Consumer<String> problems) {
        this.files = files;
        this.key = key;
        this.secrets = secrets;
        this.problems = problems;
    }

    /**
     * Reads the key (made at the first start, when no stored value needs an old one) and encrypts the secrets
     * that configurations written before this manager, or by hand, still hold in clear.
     */
    synchronized void open() throws IOException {
        try {
            cipher = key.load();
        } catch (ConfigKey.KeyFileException e) {
            if (e.missing() && encryptedValues() == 0) {
                cipher = key.create();
                LOG.info("Made the key that encrypts the configurations' secrets: {}", key.file());
            } else {
                keyCorrupt = !e.missing();
                keyProblem = e.missing() ? e.getMessage() + ", and " + encryptedValues() + " stored secret(s) need it: "
                        + "they are withheld until it is restored or each secret is set again" : e.getMessage()
                        + ": stored secrets are withheld and new ones refused until it is restored or removed";
                LOG.error("Configuration secrets: {}", keyProblem);
                problems.accept(keyProblem);
            }
        }
        if (cipher != null) {
            int migrated = 0;
            for (Dictionary<String, Object> d : list(files.getDictionaries())) {
                String pid = (String) d.get("service.pid");
                if (pid != null && hasClearSecret(pid, d)) {
                    store(pid, d);
                    migrated++;
                }
            }
            if (migrated > 0) {
                LOG.info("Encrypted the secrets {} configuration(s) held in clear", migrated);
            }
        }
    }

    @Override
    public boolean exists(String pid) {
        return files.exists(pid);
    }

    // Felix's SPI has raw types
    @Override
    @SuppressWarnings({ "rawtypes", "unchecked" })
    public synchronized Dictionary load(String pid) throws IOException {
        Dictionary<String, Object> stored = files.load(pid);
        return stored == null ? null : decrypted(pid, stored);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public synchronized Enumeration getDictionaries() throws IOException {
        List<Dictionary<String, Object>> out = new ArrayList<>();
        for (Dictionary<String, Object> d : list(files.getDictionaries())) {
            Object pid = d.get("service.pid");
            out.add(pid instanceof String p ? decrypted(p, d) : d);
        }
        return Collections.enumeration(out);
    }

    @Override
    @SuppressWarnings({ "rawtypes", "unchecked" })
    public synchronized void store(String pid, Dictionary raw) throws IOException {
        Dictionary<String, Object> properties = raw;
        Hashtable<String, Object> sealed = new Hashtable<>();
        String factoryPid = properties.get("service.factoryPid") instanceof String f ? f : null;
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String name = keys.nextElement();
            Object value = properties.get(name);
            if (value instanceof String clear && !clear.isEmpty() && !SecretCipher.isEncrypted(clear)
                    && secrets.isSecret(pid, factoryPid, name)) {
                value = encrypt(pid, name, clear);
            }
            sealed.put(name, value);
        }
        files.store(pid, sealed);
    }

    @Override
    public void delete(String pid) throws IOException {
        files.delete(pid);
    }

    private String encrypt(String pid, String name, String clear) throws IOException {
        if (cipher == null) {
            if (keyCorrupt) {
                throw new IOException(pid + ": " + name + " is not stored: " + keyProblem);
            }
            // the key was lost with secrets still stored under it: the ones set again get a new key
            cipher = key.create();
            LOG.warn("Made a new key for the configurations' secrets ({}): secrets stored under the lost one stay unreadable",
                    key.file());
        }
        try {
            return cipher.encrypt(clear, place(pid, name));
        } catch (GeneralSecurityException e) {
            throw new IOException(pid + ": " + name + " cannot be encrypted: " + e.getMessage(), e);
        }
    }

    private Dictionary<String, Object> decrypted(String pid, Dictionary<String, Object> stored) {
        Hashtable<String, Object> clear = new Hashtable<>();
        for (Enumeration<String> keys = stored.keys(); keys.hasMoreElements();) {
            String name = keys.nextElement();
            Object value = stored.get(name);
            if (!SecretCipher.isEncrypted(value)) {
                clear.put(name, value);
                continue;
            }
            if (cipher == null) {
                report(pid, name, "the key file " + key.file() + " cannot be used");
                continue;
            }
            try {
                clear.put(name, cipher.decrypt((String) value, place(pid, name)));
            } catch (GeneralSecurityException e) {
                report(pid, name, "it does not decrypt with the key " + key.file() + " (altered, or encrypted with "
                        + "another key): set it again");
                LOG.debug("Decryption of {} {} failed", pid, name, e);
            }
        }
        return clear;
    }

    private void report(String pid, String name, String why) {
        String problem = "configuration " + pid + ": the stored value of " + name + " is withheld, " + why;
        LOG.error("{}", problem);
        problems.accept(problem);
    }

    private boolean hasClearSecret(String pid, Dictionary<String, Object> d) {
        String factoryPid = d.get("service.factoryPid") instanceof String f ? f : null;
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String name = keys.nextElement();
            if (d.get(name) instanceof String v && !v.isEmpty() && !SecretCipher.isEncrypted(v)
                    && secrets.isSecret(pid, factoryPid, name)) {
                return true;
            }
        }
        return false;
    }

    private int encryptedValues() throws IOException {
        int n = 0;
        for (Dictionary<String, Object> d : list(files.getDictionaries())) {
            for (Enumeration<Object> values = d.elements(); values.hasMoreElements();) {
                n += SecretCipher.isEncrypted(values.nextElement()) ? 1 : 0;
            }
        }
        return n;
    }

    private static String place(String pid, String name) {
        return pid + "\n" + name;
    }

    @SuppressWarnings("unchecked")
    private static List<Dictionary<String, Object>> list(Enumeration<?> dictionaries) {
        List<Dictionary<String, Object>> out = new ArrayList<>();
        while (dictionaries != null && dictionaries.hasMoreElements()) {
            out.add((Dictionary<String, Object>) dictionaries.nextElement());
        }
        return out;
    }
}

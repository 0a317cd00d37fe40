package org.cabinetgw.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.cabinetgw.http.AdminLogin;
import org.cabinetgw.support.internal.password.PasswordHash;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a login is checked ({@link AdminLogin}), for the gateway's own endpoints
 * ({@link AdminContextHelper}) and for the web console (the console bundle's security provider): throttled per address ({@link LoginThrottle}), every
 * failure logged (rate-limited, with the address, never what was typed), and a password still stored in an
 * old unsalted form stored again as PBKDF2 ({@link PasswordHash}) at its first successful login.
 *
 * <p>Where the administrator comes from, first found wins: the web console's own configuration
 * ({@value #CONSOLE_PID}: {@code username}, {@code password}; a password changed there applies at once), the
 * launcher's credentials file (framework property {@value #CREDENTIALS_FILE}), the framework properties
 * {@code felix.webconsole.username} and {@code felix.webconsole.password}. With none, every login fails:
 * unlike the web console, this never falls back to a default password.
 */
@Component(service = AdminLogin.class)
public class ConsoleLogin implements AdminLogin {

    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String CREDENTIALS_FILE = "cabinetgw.console.credentials";
    /** Accepted headers remembered, so a browser's Basic header is not put through PBKDF2 on every request. */
    private static final int REMEMBERED = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLogin.class);

    private final BundleContext bundleContext;
    private final LoginThrottle throttle = new LoginThrottle();
    private final byte[] rememberKey = new byte[32];
    private final Map<String, Boolean> remembered = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public ConsoleLogin(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
        new SecureRandom().nextBytes(rememberKey);
    }

    @Override
    public Verdict check(String authorization, String address) {
        long now = System.currentTimeMillis();
        long locked = throttle.lockedFor(address, now);
        if (locked > 0) {
            return new Verdict(Outcome.LOCKED_OUT, null, (locked + 999) / 1000);
        }
        if (AdminCredentials.basic(authorization) == null) {
            // no credentials at all (a browser's first request, before it asks its user): no guess, no failure
            return new Verdict(Outcome.REFUSED, null, 0);
        }
        Source source = credentials();
        if (source == null) {
            return new Verdict(Outcome.NOT_CONFIGURED, null, 0);
        }
        String key = rememberKey(authorization, source.credentials().password());
        synchronized (remembered) {
            if (key != null && remembered.get(key) != null) {
                return new Verdict(Outcome.ACCEPTED, source.credentials().user(), 0);
            }
        }
        if (!source.credentials().accepts(authorization)) {
            LoginThrottle.Failure f = throttle.failed(address, System.currentTimeMillis());
            if (f.logNow()) {
                LOG.warn("Failed login from {}: {} failure(s) since the last line, {} in a row{}", address,
                        f.loggedSince(), f.inARow(),
                        f.lockMillis() > 0 ? "; locked out for " + f.lockMillis() / 1000 + " s" : "");
            }
            return new Verdict(Outcome.REFUSED, null, 0);
        }
        throttle.succeeded(address);
        if (PasswordHash.isLegacy(source.credentials().password())) {
            String[] given = AdminCredentials.basic(authorization);
            source.store(PasswordHash.create(given[1]));
            return new Verdict(Outcome.ACCEPTED, source.credentials().user(), 0);
        }
        synchronized (remembered) {
            remembered.put(key, Boolean.TRUE);
        }
        return new Verdict(Outcome.ACCEPTED, source.credentials().user(), 0);
    }

    /** A keyed hash of the header and the stored password: a changed password forgets every accepted header. */
    private String rememberKey(String authorization, String stored) {
        if (authorization == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
            mac.update(authorization.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(stored.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** The credentials in force and how to store a new hash of their password where they came from. */
    private record Source(AdminCredentials credentials, Consumer<String> storer) {
        void store(String passwordHash) {
            storer.accept(passwordHash);
        }
    }

    private Source credentials() {
        Source s = fromConsoleConfiguration();
        if (s == null) {
            s = fromCredentialsFile();
        }
        if (s == null) {
            AdminCredentials c = AdminCredentials.of(bundleContext.getProperty("felix.webconsole.username"),
                    bundleContext.getProperty("felix.webconsole.password"));
            // framework properties are the launcher's: nothing to rewrite
            s = c == null ? null : new Source(c, hash -> { });
        }
        return s;
    }

    private Source fromConsoleConfiguration() {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            return null;
        }
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + CONSOLE_PID + ")");
            Dictionary<String, Object> p = found == null ? null : found[0].getProperties();
            AdminCredentials c = p == null ? null : AdminCredentials.of(p.get("username"), p.get("password"));
            return c == null ? null : new Source(c, hash -> storeInConfiguration(found[0], p, hash));
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Cannot read the web console's configuration ({}); using the launcher's credentials", e.toString());
            return null;
        }
    }

    private static void storeInConfiguration(Configuration configuration, Dictionary<String, Object> p, String hash) {
        Dictionary<String, Object> updated = new Hashtable<>();
        for (var keys = p.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            updated.put(k, p.get(k));
        }
        updated.put("password", hash);
        try {
            configuration.update(updated);
            LOG.info("The web console password in {} is now stored as a salted PBKDF2 hash", CONSOLE_PID);
        } catch (IOException e) {
            LOG.warn("Cannot store the web console password as PBKDF2 in {}: {}", CONSOLE_PID, e.toString());
        }
    }

    private Source fromCredentialsFile() {
        String name = bundleContext.getProperty(CREDENTIALS_FILE);
        if (name == null || name.isBlank()) {
            return null;
        }
        Path file = Path.of(name);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            LOG.warn("Cannot read the web console credentials {}: {}", file, e.toString());
            return null;
        }
        AdminCredentials c = AdminCredentials.of(p.getProperty("user"), p.getProperty("password"));
        return c == null ? null : new Source(c, hash -> storeInFile(file, p, hash));
    }

    /** Replaces the file at once (a crash leaves the old or the new one), readable by this user alone. */
    private static void storeInFile(Path file, Properties p, String hash) {
        p.setProperty("password", hash);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Web console credentials; delete this file to set a new password at the next start");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("The web console password in {} is now stored as a salted PBKDF2 hash", file);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot store the web console password as PBKDF2 in {}: {}", file, e.toString());
        }
    }
}

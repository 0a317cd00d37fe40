package org.cabinetgw.dashboard.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Dictionary;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may read the dashboard: the web console's administrator (HTTP Basic), looked up on every request as
 * core's admin context does (the console's configuration first, then the launcher's framework properties),
 * or anyone when {@code allow.anonymous.read} is set. The admin context itself lets every read through
 * (monitoring polls /health), which is too open for a page showing the whole cabinet; changes (drills) are
 * still guarded by that context. With no administrator configured, nothing is readable unless anonymous
 * reads are allowed: it never falls open.
 */
final class ReadAccess {

    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final String SHA256 = "{sha-256}";
    private static final Logger LOG = LoggerFactory.getLogger(ReadAccess.class);

    enum Verdict { ALLOWED, NO_ADMINISTRATOR, CREDENTIALS_NEEDED }

    private ReadAccess() {
    }

    static Verdict check(boolean anonymous, String authorization, ConfigurationAdmin cm, BundleContext context) {
        if (anonymous) {
            return Verdict.ALLOWED;
        }
        String[] admin = administrator(cm, context);
        if (admin == null) {
            return Verdict.NO_ADMINISTRATOR;
        }
        return accepts(admin[0], admin[1], authorization) ? Verdict.ALLOWED : Verdict.CREDENTIALS_NEEDED;
    }

    private static String[] administrator(ConfigurationAdmin cm, BundleContext context) {
        if (cm != null) {
            try {
                Configuration[] found = cm.listConfigurations("(service.pid=" + CONSOLE_PID + ")");
                if (found != null && found[0].getProperties() != null) {
                    Dictionary<String, Object> p = found[0].getProperties();
                    String[] configured = pair(p.get("username"), p.get("password"));
                    if (configured != null) {
                        return configured;
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("Cannot read the web console's configuration ({}); using the launcher's credentials", e.toString());
            }
        }
        return pair(context.getProperty("felix.webconsole.username"), context.getProperty("felix.webconsole.password"));
    }

    private static String[] pair(Object user, Object password) {
        return user instanceof String u && password instanceof String p && !u.isBlank() && !p.isBlank()
                ? new String[] { u, p } : null;
    }

    /** Whether a Basic header carries the user and password (clear, or {sha-256}base64 as the console keeps it). */
    static boolean accepts(String user, String password, String authorization) {
        if (authorization == null || authorization.length() > 1024
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String givenPassword = decoded.substring(colon + 1);
        boolean userMatches = MessageDigest.isEqual(bytes(user), bytes(decoded.substring(0, colon)));
        boolean passwordMatches = password.startsWith(SHA256)
                ? MessageDigest.isEqual(bytes(password), bytes(SHA256 + sha256(givenPassword)))
                : MessageDigest.isEqual(bytes(password), bytes(givenPassword));
        return userMatches & passwordMatches;
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.cabinetgw.core.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.http.AdminContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AdminContext}: reads pass, changes need the web console's administrator (HTTP Basic).
 *
 * <p>The credentials are looked up on every change request, so a password changed in the web console's
 * own configuration applies at once: first that configuration ({@value #CONSOLE_PID}: {@code username},
 * {@code password}), else the framework properties our launcher sets ({@code felix.webconsole.username},
 * {@code felix.webconsole.password}). With neither, every change is refused: unlike the web console, this
 * never falls back to a default password.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = AdminContext.NAME, path = "/")
public class AdminContextHelper extends ServletContextHelper {

    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final long LOG_EVERY_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(AdminContextHelper.class);

    private final BundleContext bundleContext;
    private final AtomicLong lastLogged = new AtomicLong();
    private final AtomicLong refusedSinceLog = new AtomicLong();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public AdminContextHelper(ComponentContext context) {
        super(context.getUsingBundle());
        this.bundleContext = context.getBundleContext();
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (READS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return true;
        }
        AdminCredentials credentials = credentials();
        if (credentials == null) {
            refuse(request, "no administrator credentials are configured");
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "changes are refused: no administrator credentials are configured (felix.webconsole.password)");
            return false;
        }
        if (!credentials.accepts(request.getHeader("Authorization"))) {
            refuse(request, "missing or wrong credentials");
            response.setHeader("WWW-Authenticate", "Basic realm=\"Cabinet Gateway\", charset=\"UTF-8\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "the web console's administrator credentials are required");
            return false;
        }
        return true;
    }

    private AdminCredentials credentials() {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin != null) {
            try {
                Configuration[] found = admin.listConfigurations("(service.pid=" + CONSOLE_PID + ")");
                if (found != null && found[0].getProperties() != null) {
                    Dictionary<String, Object> p = found[0].getProperties();
                    AdminCredentials configured = AdminCredentials.of(p.get("username"), p.get("password"));
                    if (configured != null) {
                        return configured;
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("Cannot read the web console's configuration ({}); using the launcher's credentials", e.toString());
            }
        }
        return AdminCredentials.of(bundleContext.getProperty("felix.webconsole.username"),
                bundleContext.getProperty("felix.webconsole.password"));
    }

    /** One WARN line a minute at most: a password-guessing client must not fill the disk with log. */
    private void refuse(HttpServletRequest request, String why) {
        long refused = refusedSinceLog.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
            refusedSinceLog.set(0);
            LOG.warn("Refused {} {} from {}: {} ({} refused change request(s) since the last line)", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), why, refused);
        }
    }
}

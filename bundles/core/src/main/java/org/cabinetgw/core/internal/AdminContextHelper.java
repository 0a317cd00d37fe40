package org.cabinetgw.core.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.http.AdminContext;
import org.cabinetgw.http.AdminLogin;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The {@link AdminContext}: reads pass, changes need the web console's administrator (HTTP Basic), checked by
 * {@link AdminLogin} (the same user, password and throttle as the web console; see {@link ConsoleLogin} for
 * where the credentials come from). With no administrator configured every change is refused: unlike the
 * web console, this never falls back to a default password.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = AdminContext.NAME, path = "/")
public class AdminContextHelper extends ServletContextHelper {

    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final AdminLogin login;

    @Activate
    public AdminContextHelper(ComponentContext context, @Reference AdminLogin login) {
        super(context.getUsingBundle());
        this.login = login;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (READS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return true;
        }
        AdminLogin.Verdict verdict = login.check(request.getHeader("Authorization"), request.getRemoteAddr());
        switch (verdict.outcome()) {
            case ACCEPTED:
                return true;
            case NOT_CONFIGURED:
                response.sendError(HttpServletResponse.SC_FORBIDDEN,
                        "changes are refused: no administrator credentials are configured (felix.webconsole.password)");
                return false;
            case LOCKED_OUT:
                response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
                response.sendError(429, "too many failed logins from " + request.getRemoteAddr() + "; retry in "
                        + verdict.retryAfterSeconds() + " s");
                return false;
            default:
                response.setHeader("WWW-Authenticate", "Basic realm=\"Cabinet Gateway\", charset=\"UTF-8\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "the web console's administrator credentials are required");
                return false;
        }
    }
}

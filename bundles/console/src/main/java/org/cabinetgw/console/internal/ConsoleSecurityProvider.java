package org.cabinetgw.console.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.cabinetgw.http.AdminLogin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console's login is the gateway's {@link AdminLogin}: the same administrator as every other
 * endpoint, stored as a salted PBKDF2 hash (the console itself understands only unsalted SHA-256), failed
 * logins throttled per address and logged (the console logs none).
 *
 * <p>The launcher sets {@code felix.webconsole.security.providers=cabinetgw}: the console then refuses its
 * own user and password check and stays unregistered until this provider is there, so it never falls back
 * to its built-in default password ("admin").
 */
@Component(service = WebConsoleSecurityProvider.class, property = "webconsole.security.provider.id=cabinetgw")
public class ConsoleSecurityProvider implements WebConsoleSecurityProvider2 {

    private final AdminLogin login;

    @Activate
    public ConsoleSecurityProvider(@Reference AdminLogin login) {
        this.login = login;
    }

    @Override
    public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
        AdminLogin.Verdict verdict = login.check(request.getHeader("Authorization"), request.getRemoteAddr());
        try {
            switch (verdict.outcome()) {
                case ACCEPTED:
                    request.setAttribute(USER_ATTRIBUTE, verdict.user());
                    request.setAttribute("org.osgi.service.http.authentication.type", HttpServletRequest.BASIC_AUTH);
                    request.setAttribute("org.osgi.service.http.authentication.remote.user", verdict.user());
                    return true;
                case LOCKED_OUT:
                    response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
                    response.sendError(429, "too many failed logins from this address; retry in "
                            + verdict.retryAfterSeconds() + " s");
                    return false;
                case NOT_CONFIGURED:
                    response.sendError(HttpServletResponse.SC_FORBIDDEN, "no administrator credentials are configured");
                    return false;
                default:
                    response.setHeader("WWW-Authenticate", "Basic realm=\"Cabinet Gateway\", charset=\"UTF-8\"");
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                    return false;
            }
        } catch (IOException e) {
            return false; // the client went away
        }
    }

    /** Not used by the console when {@link #authenticate(HttpServletRequest, HttpServletResponse)} exists; refuses. */
    @Override
    public Object authenticate(String username, String password) {
        return null;
    }

    /** One administrator, who may do everything the console offers. */
    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }
}

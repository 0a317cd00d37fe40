package org.cabinetgw.core.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP request passes before any servlet, the web console's included: a Whiteboard
 * {@link Preprocessor} runs ahead of every context, so no servlet can forget it.
 * <ul>
 * <li>A state-changing request (POST, PUT, DELETE, PATCH, ...) from another site is refused with 403
 * ({@link SameOrigin}): a page elsewhere must not use the administrator's browser, which holds the Basic
 * credentials, to stop a bundle, change a configuration or run a drill.</li>
 * <li>TRACE and TRACK are refused with 405: TRACE echoes the request, the Authorization header with it.</li>
 * <li>Every answer forbids framing (clickjacking) and MIME sniffing.</li>
 * </ul>
 */
@Component(service = Preprocessor.class)
public class HttpGuard implements Preprocessor {

    /** Methods that change nothing (RFC 9110 "safe"); every other one must come from the gateway's own pages. */
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> ECHOING = Set.of("TRACE", "TRACK");
    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);

    private final OncePerMinute refusals = new OncePerMinute();

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)) {
            chain.doFilter(req, resp);
            return;
        }
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (ECHOING.contains(method)) {
            response.setHeader("Allow", "GET, HEAD, OPTIONS, POST, PUT, DELETE");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, method + " is not allowed");
            return;
        }
        if (!SAFE.contains(method) && !SameOrigin.allows(request.getHeader("Origin"), request.getHeader("Referer"),
                request.getScheme(), request.getServerName(), request.getServerPort())) {
            refused(request);
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "cross-site request refused: a change must come from the gateway's own pages");
            return;
        }
        chain.doFilter(request, response);
    }

    private void refused(HttpServletRequest request) {
        long refused = refusals.count();
        if (refused > 0) {
            LOG.warn("Refused a cross-site {} {} from {} (Origin {}, Referer {}); {} refused since the last such line",
                    request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                    request.getHeader("Origin"), request.getHeader("Referer"), refused);
        }
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}

package org.cabinetgw.support.internal.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.support.internal.settings.ServletPaths;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What a bundle's JSON API servlet on the HTTP Whiteboard (failover's {@code /failover}, ha's {@code /ha}) does
 * besides its own resources: its path setting checked by the one rule ({@link ServletPaths}); a refused path serves
 * nothing, every request answered 404 naming the health entry {@code config:<pid>} until a good value arrives; and a
 * JSON answer no cache keeps. The component subclasses it, calls {@link #checkPath} from its activate method and
 * {@link #withdrawRefusal} from its deactivate method. Its own package: it imports {@code javax.servlet}, which only a
 * bundle that serves HTTP has.
 */
public abstract class CheckedPathServlet extends HttpServlet {

    /** The setting the HTTP Whiteboard reads the servlet's path from. */
    public static final String PATTERN = "osgi.http.whiteboard.servlet.pattern";
    private static final long serialVersionUID = 1L;

    private transient volatile ServiceRegistration<HealthContributor> refusal;
    private transient volatile String pid;

    /**
     * Checks the configured path; refused, the entry {@code config:<pid>} says why and with {@code effect} what it
     * costs (e.g. "the pair API answers 404 until it is corrected").
     *
     * @param example a good value, shown in the refusal, e.g. {@code /ha/*}
     */
    protected final void checkPath(BundleContext context, String pid, String effect, String path, String example) {
        this.pid = pid;
        refusal = ConfigurationRefusal.check(context, pid, effect, () -> ServletPaths.check(pid, PATTERN, path, example));
    }

    /** At deactivation: the refusal (if any) withdrawn. */
    protected final void withdrawRefusal() {
        refusal = ConfigurationRefusal.withdraw(refusal);
    }

    /** True while the path setting is refused (the servlet answers 404). */
    protected final boolean refused() {
        return refusal != null;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (refusal == null) {
            super.service(req, resp);
        } else {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "configuration refused: see config:" + pid + " in /health");
        }
    }

    /** {@code json} as the answer with {@code status}: UTF-8, never cached (the state it shows changes). */
    protected static void sendJson(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(json);
    }
}

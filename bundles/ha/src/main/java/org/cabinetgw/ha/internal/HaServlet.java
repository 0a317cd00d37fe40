package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.SwitchoverResult;
import org.cabinetgw.http.AdminContext;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.support.internal.settings.ServletPaths;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * HTTP Whiteboard servlet (default under /ha): {@code GET /ha} the pair's status; {@code POST /ha/switchover} the
 * planned switchover, 200 handed over, 409 refused. In the {@link AdminContext}: the read is open like /health, the
 * switchover needs the administrator.
 */
@Component(configurationPid = HaServlet.PID, service = Servlet.class,
        property = "osgi.http.whiteboard.context.select=" + AdminContext.SELECT)
@Designate(ocd = HaServletConfig.class)
public class HaServlet extends HttpServlet {

    static final String PID = "org.cabinetgw.ha.http";
    private static final long serialVersionUID = 1L;

    @Reference
    private transient HaPair pair;

    /** A refused configuration serves nothing (404); its entry config:<pid> says which setting. */
    private transient ServiceRegistration<HealthContributor> refusal;

    @Activate
    void activate(HaServletConfig config, BundleContext context) {
        // the one servlet-path rule and message of every bundle (bundles/support)
        refusal = ConfigurationRefusal.check(context, PID, "the pair API answers 404 until it is corrected",
                () -> ServletPaths.check(PID, "osgi.http.whiteboard.servlet.pattern",
                        config.osgi_http_whiteboard_servlet_pattern(), "/ha/*"));
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (refusal == null) {
            super.service(req, resp);
        } else {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "configuration refused: see config:" + PID + " in /health");
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (path.equals("/") || path.isEmpty()) {
            send(resp, 200, HaJson.status(pair.status()));
        } else {
            send(resp, 404, error("no such resource: " + path));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!path.equals("/switchover")) {
            send(resp, 404, error("POST /switchover"));
            return;
        }
        SwitchoverResult r = pair.switchover();
        send(resp, r.accepted() ? 200 : 409, HaJson.switchover(r));
    }

    private static JsonObject error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return o;
    }

    private static void send(HttpServletResponse resp, int status, JsonElement body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body.toString());
    }
}

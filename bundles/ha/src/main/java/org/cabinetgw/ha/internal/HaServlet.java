package org.cabinetgw.ha.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.SwitchoverResult;
import org.cabinetgw.http.AdminContext;
import org.cabinetgw.support.internal.servlet.CheckedPathServlet;
import org.osgi.framework.BundleContext;
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
public class HaServlet extends CheckedPathServlet {

    static final String PID = "org.cabinetgw.ha.http";
    private static final long serialVersionUID = 1L;

    @Reference
    private transient HaPair pair;

    /** A refused path serves nothing (404); its entry config:<pid> says which setting (bundles/support's CheckedPathServlet). */
    @Activate
    void activate(HaServletConfig config, BundleContext context) {
        checkPath(context, PID, "the pair API answers 404 until it is corrected",
                config.osgi_http_whiteboard_servlet_pattern(), "/ha/*");
    }

    @Deactivate
    void deactivate() {
        withdrawRefusal();
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
        sendJson(resp, status, body.toString());
    }
}

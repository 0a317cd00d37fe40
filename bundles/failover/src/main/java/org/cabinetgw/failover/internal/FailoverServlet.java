package org.cabinetgw.failover.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.http.AdminContext;
import org.cabinetgw.support.internal.servlet.CheckedPathServlet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * HTTP Whiteboard servlet (default under /failover):
 * <ul>
 * <li>GET /failover — the cabinet status and the newest episodes;</li>
 * <li>GET /failover/history?limit=N — the newest N episodes (default 100, at most 10000);</li>
 * <li>POST /failover/drill/link or /failover/drill/uplink — runs a drill, answers when it ended:
 * 200 passed, 409 refused, 500 failed or aborted.</li>
 * </ul>
 * It lives in the {@link AdminContext}: the reads are open like /health, a drill needs the administrator,
 * since it takes a link or the uplink away on purpose.
 */
@Component(configurationPid = FailoverServlet.PID, service = Servlet.class,
        property = "osgi.http.whiteboard.context.select=" + AdminContext.SELECT)
@Designate(ocd = FailoverServletConfig.class)
public class FailoverServlet extends CheckedPathServlet {

    static final String PID = "org.cabinetgw.failover.http";
    static final int MAX_LIMIT = 10_000;
    private static final long serialVersionUID = 1L;

    @Reference
    private transient FailoverCoordinator coordinator;

    /** A refused path serves nothing (404); its entry config:<pid> says which setting (CheckedPathServlet). */
    @Activate
    void activate(FailoverServletConfig config, BundleContext context) {
        checkPath(context, PID, "the failover API answers 404 until it is corrected",
                config.osgi_http_whiteboard_servlet_pattern(), "/failover/*");
    }

    @Deactivate
    void deactivate() {
        withdrawRefusal();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (path.equals("/") || path.isEmpty()) {
            JsonObject o = new JsonObject();
            o.add("cabinet", FailoverJson.status(coordinator.status()));
            HeartbeatGaps gaps = coordinator instanceof Coordinator c ? c.heartbeatGaps() : null;
            if (gaps != null) {
                // the pair's short silences that were no episode (bundles/failover README, "Heartbeat gaps")
                JsonObject pair = new JsonObject();
                pair.addProperty("heartbeatGaps", gaps.count());
                pair.addProperty("longestGapMillis", gaps.longest().toMillis());
                o.add("pair", pair);
            }
            o.add("history", episodes(coordinator.history(20)));
            send(resp, 200, o);
        } else if (path.equals("/history")) {
            Integer limit = limit(req.getParameter("limit"));
            if (limit == null) {
                send(resp, 400, error("limit must be a whole number 1.." + MAX_LIMIT));
                return;
            }
            send(resp, 200, episodes(coordinator.history(limit)));
        } else {
            send(resp, 404, error("no such resource: " + path));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!path.startsWith("/drill/")) {
            send(resp, 404, error("POST /drill/link or /drill/uplink"));
            return;
        }
        DrillKind kind = kind(path.substring("/drill/".length()));
        if (kind == null) {
            send(resp, 400, error("drill must be one of link, uplink"));
            return;
        }
        try {
            DrillResult r = coordinator.drill(kind);
            int status = switch (r.outcome()) {
                case PASSED -> 200;
                case REFUSED -> 409;
                case FAILED, ABORTED -> 500;
            };
            send(resp, status, FailoverJson.drill(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(resp, 503, error("interrupted: the coordinator is stopping"));
        }
    }

    static DrillKind kind(String text) {
        if (text == null || text.length() > 20) {
            return null;
        }
        try {
            return DrillKind.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The limit parameter: default 100; null when it is not a number in 1..MAX_LIMIT. */
    static Integer limit(String text) {
        if (text == null || text.isEmpty()) {
            return 100;
        }
        if (text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int n = Integer.parseInt(text);
        return n >= 1 && n <= MAX_LIMIT ? n : null;
    }

    private static JsonArray episodes(List<Episode> list) {
        JsonArray a = new JsonArray();
        list.forEach(e -> a.add(EpisodeJson.toJson(e)));
        return a;
    }

    private static JsonObject error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return o;
    }

    private static void send(HttpServletResponse resp, int status, com.google.gson.JsonElement body) throws IOException {
        sendJson(resp, status, body.toString());
    }
}

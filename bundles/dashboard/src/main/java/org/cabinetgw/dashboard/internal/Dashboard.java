package org.cabinetgw.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.deploy.DeploymentHistory;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthService;
import org.cabinetgw.http.AdminContext;
import org.cabinetgw.http.AdminLogin;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.storage.ArrayStatus;
import org.cabinetgw.storage.DiskStatus;
import org.cabinetgw.storage.FilesystemStatus;
import org.cabinetgw.uplink.UplinkStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

/**
 * The dashboard, served under /cabinet in core's {@link AdminContext}:
 * <ul>
 * <li>GET /cabinet/ — the page; /cabinet/static/NAME — its scripts, styles and uPlot;</li>
 * <li>GET /cabinet/api/snapshot — every section as JSON;</li>
 * <li>GET /cabinet/api/history?after=EPOCH_SECOND — the plotted series' points after that second;</li>
 * <li>GET /cabinet/api/events — the live stream (Server-Sent Events): {@code cabinet} for each event the
 * bundles post on org/cabinetgw/*, {@code sample} after each sample.</li>
 * </ul>
 * Reads need the web console's administrator unless {@code allow.anonymous.read} ({@link ReadAccess}); it
 * changes nothing itself (a drill is a POST to /failover, guarded by the admin context). Every capability
 * is an optional, dynamic reference: the page works with any subset installed.
 */
@Component(configurationPid = Dashboard.PID, service = { Servlet.class, EventHandler.class }, property = {
    "osgi.http.whiteboard.servlet.pattern=/cabinet/*",
    "osgi.http.whiteboard.context.select=" + AdminContext.SELECT,
    "event.topics=org/cabinetgw/*" })
@Designate(ocd = DashboardConfig.class)
public class Dashboard extends HttpServlet implements EventHandler {

    static final String PID = "org.cabinetgw.dashboard";
    private static final long serialVersionUID = 1L;
    private static final Pattern STATIC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FailoverCoordinator failover;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PowerMonitor power;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LinkManager links;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UplinkStatus uplink;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthService health;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<FilesystemStatus> filesystems = new CopyOnWriteArrayList<>();
    /** the RAID monitor's arrays and each watched disk's SMART read (api storage 1.2) */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ArrayStatus raidArrays;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<DiskStatus> disks = new CopyOnWriteArrayList<>();
    /** the deploy bundle's journal: deployments before the dashboard started too */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeploymentHistory deployments;
    /** core's login check: the administrator's credentials, throttled per address (absent: nothing readable) */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AdminLogin adminLogin;

    private final transient Clock clock = Clock.systemUTC();
    private final transient EventLog log = new EventLog();
    private final transient StorageArrays arrays = new StorageArrays();
    private final AtomicLong seq = new AtomicLong();
    private transient BundleContext context;
    private transient ServiceRegistration<HealthContributor> refusal;
    /** read once per request: a configuration change swaps it whole */
    private transient volatile Running running;

    @Activate
    void activate(BundleContext context, DashboardConfig config) {
        this.context = context;
        Checked checked = check(config);
        running = Running.start(checked.settings(), checked.refused(), this::sources, clock);
        said(running);
    }

    /**
     * A new configuration is applied in place: the servlet stays registered, so the page never goes away while the
     * HTTP whiteboard takes a re-registered servlet (a CI run once saw no 200 from /cabinet for 20 s after two
     * refused configurations in a row, each of which had unregistered and registered the servlet again).
     */
    @Modified
    void modified(DashboardConfig config) {
        Checked checked = check(config);
        running = running.next(checked.settings(), checked.refused(), this::sources, clock);
        said(running);
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        running.stop();
    }

    /** A configuration's settings, and the sentence naming its refused setting ("" when it was taken). */
    private record Checked(Settings settings, String refused) {
    }

    /** The settings, or the defaults with the refusal reported (its entry config:<pid>, said once by core). */
    private Checked check(DashboardConfig config) {
        refusal = ConfigurationRefusal.withdraw(refusal);
        try {
            return new Checked(Settings.of(config), "");
        } catch (IllegalArgumentException e) {
            // the page is where the operator looks, so it runs (on its defaults) and shows the refused setting
            refusal = ConfigurationRefusal.report(context, PID, "the dashboard runs on its defaults", e);
            return new Checked(Settings.DEFAULTS, e.getMessage());
        }
    }

    private static void said(Running r) {
        Settings settings = r.settings;
        LOG.info("Dashboard at /cabinet: {} s samples, {} min history, at most {} series ({} KiB of points), "
                + "anonymous read {}", settings.sampleSeconds(), settings.historyMinutes(), settings.maxSeries(),
                r.rings.capacityBytes() / 1024, settings.allowAnonymousRead() ? "ALLOWED" : "off");
    }

    private Sources sources() {
        return new Sources(failover, power, List.copyOf(meters), links, uplink, health, List.copyOf(filesystems),
                deployments, raidArrays, List.copyOf(disks));
    }

    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        JsonObject json = EventJson.toJson(seq.incrementAndGet(), event, clock.millis());
        arrays.accept(event);
        log.add(topic, json);
        Running r = running;
        if (r != null) {
            r.hub.publish("cabinet", json.toString());
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            resp.setHeader("Allow", "GET, HEAD");
            text(resp, 405, "the dashboard only reads; a drill is POST /failover/drill/<kind>");
            return;
        }
        String path = req.getPathInfo();
        if (path == null) { // "/cabinet": relative links need the slash
            resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
            return;
        }
        Running r = running;
        Settings settings = r.settings;
        ReadAccess.Verdict access = ReadAccess.check(settings.allowAnonymousRead(), req.getHeader("Authorization"),
                req.getRemoteAddr(), adminLogin);
        switch (access.outcome()) {
            case NO_ADMINISTRATOR -> {
                text(resp, 403, "no administrator is configured and " + PID + " allow.anonymous.read is off");
                return;
            }
            case CREDENTIALS_NEEDED -> {
                resp.setHeader("WWW-Authenticate", "Basic realm=\"Cabinet Gateway\", charset=\"UTF-8\"");
                text(resp, 401, "the web console's administrator credentials are required");
                return;
            }
            case LOCKED_OUT -> {
                resp.setHeader("Retry-After", Long.toString(access.retryAfterSeconds()));
                text(resp, 429, "too many failed logins from this address; try again later");
                return;
            }
            case ALLOWED -> {
            }
        }
        securityHeaders(resp);
        if (path.equals("/")) {
            resource(resp, "index.html");
        } else if (path.startsWith("/static/")) {
            resource(resp, path.substring("/static/".length()));
        } else if (path.equals("/api/snapshot")) {
            JsonObject o = SnapshotJson.build(sources(), context, log, arrays, clock.instant());
            o.add("dashboard", about(r));
            json(resp, o.toString());
        } else if (path.equals("/api/history")) {
            Long after = after(req.getParameter("after"));
            if (after == null) {
                text(resp, 400, "after must be an epoch second (a whole number, 0 for everything)");
                return;
            }
            JsonObject o = new JsonObject();
            o.addProperty("sampleSeconds", settings.sampleSeconds());
            o.addProperty("now", clock.instant().getEpochSecond());
            o.add("series", r.rings.toJson(after));
            json(resp, o.toString());
        } else if (path.equals("/api/events")) {
            stream(r, resp);
        } else {
            text(resp, 404, "no such resource");
        }
    }

    private static JsonObject about(Running r) {
        Settings settings = r.settings;
        JsonObject d = new JsonObject();
        d.addProperty("sampleSeconds", settings.sampleSeconds());
        d.addProperty("historyMinutes", settings.historyMinutes());
        d.addProperty("series", r.rings.seriesCount());
        d.addProperty("maxSeries", settings.maxSeries());
        d.addProperty("historyCapacityBytes", r.rings.capacityBytes());
        d.addProperty("streams", r.hub.open());
        d.addProperty("maxStreams", settings.maxStreams());
        d.addProperty("anonymousRead", settings.allowAnonymousRead());
        d.addProperty("refusedSetting", r.refused);
        return d;
    }

    private void stream(Running r, HttpServletResponse resp) throws IOException {
        StreamHub hub = r.hub;
        Settings settings = r.settings;
        if (hub.open() >= settings.maxStreams()) {
            resp.setHeader("Retry-After", "10");
            text(resp, 503, "too many live pages open (max.streams " + settings.maxStreams() + ")");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        try {
            if (!hub.serve(resp.getWriter(), "event: hello\ndata: {\"at\":" + clock.millis() + "}\n\n")) {
                resp.getWriter().write("event: busy\ndata: {}\n\n");
            }
        } catch (IOException e) {
            LOG.debug("a live page went away", e); // expected: the browser closed the tab
        }
    }

    static Long after(String text) {
        if (text == null || text.isEmpty()) {
            return 0L;
        }
        if (text.length() > 12 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(text);
    }

    private void resource(HttpServletResponse resp, String name) throws IOException {
        URL url = STATIC_NAME.matcher(name).matches() ? context.getBundle().getEntry("static/" + name) : null;
        if (url == null) {
            text(resp, 404, "no such resource");
            return;
        }
        resp.setStatus(200);
        resp.setContentType(contentType(name));
        resp.setHeader("Cache-Control", name.equals("index.html") ? "no-cache" : "max-age=300");
        try (InputStream in = url.openStream(); OutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".png")) {
            return "image/png";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "text/plain; charset=utf-8";
    }

    /** Scripts only from the bundle, no inline script: hostile names cannot run even if one slipped into markup. */
    private static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
    }

    private static void json(HttpServletResponse resp, String body) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body);
    }

    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(message + "\n");
    }
}

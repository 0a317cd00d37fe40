package org.cabinetgw.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthService;
import org.cabinetgw.health.HealthState;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** GET /health: the cabinet's health as JSON; 200 when UP or DEGRADED, 503 when DOWN. */
@Component(configurationPid = HealthEndpoint.PID, service = Servlet.class)
@Designate(ocd = HealthEndpointConfig.class)
public class HealthEndpoint extends HttpServlet {

    static final String PID = "org.cabinetgw.core.health.http";
    private static final long serialVersionUID = 1L;

    @Reference
    private transient HealthService health;

    private volatile int degradedStatus;
    /** A refused configuration serves nothing (404) rather than answer with a wrong value; its entry says why. */
    private transient volatile ServiceRegistration<HealthContributor> refusal;

    /**
     * Also on a new configuration, so the servlet stays registered: without it DS deactivated and re-registered it
     * each time a configuration arrived (at every start, when the site file or the Configurator applied theirs),
     * and a monitor polling /health in that moment got the HTTP service's ERROR with a stack trace ("Servlet has
     * been unregistered"; found by the fault campaign). The whiteboard follows a changed pattern by itself.
     */
    @Activate
    @Modified
    void activate(HealthEndpointConfig config, BundleContext context) {
        refusal = ConfigurationRefusal.withdraw(refusal);
        refusal = ConfigurationRefusal.check(context, PID, "the health endpoint answers 404 until it is corrected", () -> {
            Validation.path(PID, "osgi.http.whiteboard.servlet.pattern", config.osgi_http_whiteboard_servlet_pattern());
            degradedStatus = Validation.range(PID, "degraded.status", config.degraded_status(),
                    HealthEndpointConfig.DEGRADED_STATUS_MIN, HealthEndpointConfig.DEGRADED_STATUS_MAX);
        });
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (refusal != null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "configuration refused: see config:" + PID + " in /health");
            return;
        }
        CabinetHealth current = health.current();
        HealthState state = current.overall().state();
        resp.setStatus(switch (state) {
            case UP -> HttpServletResponse.SC_OK;
            case DEGRADED -> degradedStatus;
            case DOWN -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        });
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // A probe must never see a cached answer.
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(HealthJson.write(current));
    }
}

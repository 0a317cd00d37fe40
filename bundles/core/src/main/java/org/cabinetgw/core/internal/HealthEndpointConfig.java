package org.cabinetgw.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = HealthEndpoint.PID,
        name = "Cabinet Gateway /health endpoint",
        description = "Serves the cabinet's health as JSON over HTTP, usable as a liveness probe: "
                + "HTTP 200 while UP or DEGRADED, 503 when DOWN.")
@interface HealthEndpointConfig {

    // The id is the HTTP Whiteboard property itself, so the path the integrator sets is the one
    // the whiteboard uses; the name is what the web UI shows.
    @AttributeDefinition(
            name = "Path",
            description = "URL path of the health endpoint, starting with '/'.")
    String osgi_http_whiteboard_servlet_pattern() default "/health";

    /** The range of degraded.status, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DEGRADED_STATUS_MIN = 200, DEGRADED_STATUS_MAX = 599;

    @AttributeDefinition(
            name = "HTTP status when DEGRADED",
            description = "Status code answered while the cabinet is DEGRADED. 200 keeps a liveness probe "
                    + "green while redundancy is lost; some monitors want a distinct 2xx or a 429.",
            min = "" + DEGRADED_STATUS_MIN, max = "" + DEGRADED_STATUS_MAX)
    int degraded_status() default 200;
}

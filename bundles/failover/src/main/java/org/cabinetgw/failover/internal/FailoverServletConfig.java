package org.cabinetgw.failover.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = FailoverServlet.PID,
        name = "Cabinet Gateway failover HTTP endpoint",
        description = "Serves the cabinet status and the failover history as JSON and runs drills on POST.")
@interface FailoverServletConfig {

    @AttributeDefinition(name = "Path", description = "Where the endpoint is served (HTTP Whiteboard pattern, "
            + "ending in /*).")
    String osgi_http_whiteboard_servlet_pattern() default "/failover/*";
}

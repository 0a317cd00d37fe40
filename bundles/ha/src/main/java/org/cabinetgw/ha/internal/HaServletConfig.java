package org.cabinetgw.ha.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = HaServlet.PID, name = "Cabinet Gateway pair HTTP endpoint",
        description = "Serves the pair's status as JSON and the planned switchover on POST.")
@interface HaServletConfig {

    @AttributeDefinition(name = "Path", description = "Where the endpoint is served (HTTP Whiteboard pattern, ending in /*).")
    String osgi_http_whiteboard_servlet_pattern() default "/ha/*";
}

package org.cabinetgw.http;

/**
 * The HTTP Whiteboard context for the gateway's administrative endpoints, provided by the core bundle.
 *
 * <p>Reads (GET, HEAD) pass, as {@code /health} does: monitoring systems poll them without credentials.
 * Every other method needs HTTP Basic authentication with the administrator's user and password, the
 * same as the web console's. Without the core bundle (or without configured credentials) a servlet in
 * this context is not reachable, or refuses every change: it never falls open.
 *
 * <p>A servlet joins it with the service property {@code osgi.http.whiteboard.context.select=}{@link #SELECT}.
 */
public final class AdminContext {

    /** The context's {@code osgi.http.whiteboard.context.name}. */
    public static final String NAME = "org.cabinetgw.admin";

    /** The filter a servlet puts in {@code osgi.http.whiteboard.context.select}. */
    public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    private AdminContext() {
    }
}

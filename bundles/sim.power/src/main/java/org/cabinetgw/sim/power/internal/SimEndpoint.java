package org.cabinetgw.sim.power.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.http.AdminContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * HTTP control of the simulator: {@code GET /sim/power} gives the status, {@code POST /sim/power} with
 * the command as the form field {@code cmd} (or the body) runs it. 400 with the reason for a bad command.
 * In the {@link AdminContext}: a POST needs the administrator, as the gateway's other changing endpoints do.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/sim/power",
        "osgi.http.whiteboard.context.select=" + AdminContext.SELECT })
public class SimEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Commands are one short line; anything longer is not one. */
    private static final int MAX_COMMAND = 256;

    @Reference
    private transient SimulatorComponent simulator;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            reply(resp, 200, simulator.execute("status"));
        } catch (IllegalArgumentException notStarted) {
            reply(resp, 503, "error: " + notStarted.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String cmd = req.getParameter("cmd");
        if (cmd == null) {
            byte[] body = req.getInputStream().readNBytes(MAX_COMMAND + 1);
            cmd = new String(body, StandardCharsets.UTF_8);
        }
        if (cmd.length() > MAX_COMMAND) {
            reply(resp, 400, "error: command longer than " + MAX_COMMAND + " characters");
            return;
        }
        try {
            reply(resp, 200, simulator.execute(cmd));
        } catch (IllegalArgumentException e) {
            reply(resp, 400, "error: " + e.getMessage());
        }
    }

    private static void reply(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}

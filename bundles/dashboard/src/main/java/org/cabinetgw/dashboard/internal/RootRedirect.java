package org.cabinetgw.dashboard.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.http.AdminContext;
import org.osgi.service.component.annotations.Component;

/**
 * The gateway's root, exactly "/" (the empty pattern: no other path), sends the browser to the dashboard.
 * Nothing else serves "/" (the web console lives at /system/console).
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=",
    "osgi.http.whiteboard.context.select=" + AdminContext.SELECT })
public class RootRedirect extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.sendRedirect(req.getContextPath() + "/cabinet/");
    }
}

package org.cabinetgw.console.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.Preprocessor;

/**
 * The web console's services page ({@code /system/console/services}, its {@code <id>.json} details) with the
 * values of secret-looking service properties masked. Defence in depth: no component of the gateway publishes a
 * configured secret as a service property (they register by hand), but a bundle installed later might, and the
 * page shows every property of every service. A Whiteboard {@link Preprocessor} runs ahead of the console's
 * servlet: the page is buffered, masked ({@link SecretMask#maskServiceProperties}) and sent.
 */
@Component(service = Preprocessor.class)
public class ServicesPageMask implements Preprocessor {

    static final String ROOT_PROPERTY = "felix.webconsole.manager.root";
    private final String servicesPath;

    @Activate
    public ServicesPageMask(BundleContext context) {
        this(context.getProperty(ROOT_PROPERTY));
    }

    ServicesPageMask(String consoleRoot) {
        String root = consoleRoot == null || consoleRoot.isBlank() ? "/system/console" : consoleRoot.trim();
        this.servicesPath = (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/services";
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)
                || !isServicesPage(request.getRequestURI())) {
            chain.doFilter(req, resp);
            return;
        }
        BufferedResponse buffered = new BufferedResponse(response);
        chain.doFilter(request, buffered);
        if (response.isCommitted()) {
            return; // an error or a redirect, sent as it was
        }
        Charset charset = charset(buffered.getCharacterEncoding());
        byte[] page = SecretMask.maskServiceProperties(new String(buffered.bytes(), charset)).getBytes(charset);
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    boolean isServicesPage(String uri) {
        return uri != null && (uri.equals(servicesPath) || uri.startsWith(servicesPath + "/") || uri.startsWith(servicesPath + "."));
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}

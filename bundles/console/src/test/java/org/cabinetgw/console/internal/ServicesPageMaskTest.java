package org.cabinetgw.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.FilterChain;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class ServicesPageMaskTest {

    /** What Felix web console 4.9's services page writes for a service (its JSONWriter's form). */
    private static final String DETAILS = "{\"status\":1,\"serviceCount\":1,\"data\":[{\"id\":85,\"types\":"
            + "\"[org.cabinetgw.deploy.CommandHandler]\",\"props\":[{\"key\":\"command.app.id\",\"value\":\"DEPLOY-V2\"},"
            + "{\"key\":\"trust.store.password\",\"value\":\"TRUST-SECRET-3\"},{\"key\":\"pair.key\",\"value\":\"PAIR-SECRET\"},"
            + "{\"key\":\"bearer.tokens\",\"value\":[\"A-SECRET\",\"B-SECRET\"]},{\"key\":\"service.id\",\"value\":85}]}]}";

    @Test
    void secretValuesOnTheServicesPageAreMasked() {
        String masked = SecretMask.maskServiceProperties(DETAILS);
        assertThat(masked).doesNotContain("SECRET")
                .contains("{\"key\":\"trust.store.password\",\"value\":\"********\"}",
                        "{\"key\":\"pair.key\",\"value\":\"********\"}", "{\"key\":\"bearer.tokens\",\"value\":\"********\"}",
                        "{\"key\":\"command.app.id\",\"value\":\"DEPLOY-V2\"}", "{\"key\":\"service.id\",\"value\":85}");
        String page = "<script>var data = " + DETAILS + ";</script>";
        assertThat(SecretMask.maskServiceProperties(page)).doesNotContain("SECRET").startsWith("<script>var data = {");
    }

    @Test
    void theFilterMasksOnlyTheServicesPageAndSetsTheNewLength() throws Exception {
        ServicesPageMask filter = new ServicesPageMask("/system/console");
        assertThat(filter.isServicesPage("/system/console/services")).isTrue();
        assertThat(filter.isServicesPage("/system/console/services/85.json")).isTrue();
        assertThat(filter.isServicesPage("/system/console/servicesx")).isFalse();
        assertThat(filter.isServicesPage("/system/console/configMgr")).isFalse();

        FilterChain servlet = (req, resp) -> {
            resp.setContentLength(DETAILS.length());
            resp.getWriter().write(DETAILS);
        };
        Sent sent = new Sent();
        filter.doFilter(request("/system/console/services/85.json"), sent.response(), servlet);
        assertThat(sent.text()).doesNotContain("SECRET").contains("DEPLOY-V2");
        assertThat(sent.length.get()).isEqualTo(sent.body.size());

        Sent other = new Sent();
        filter.doFilter(request("/system/console/bundles.json"), other.response(), servlet);
        assertThat(other.text()).as("other pages pass untouched").isEqualTo(DETAILS);
    }

    private static HttpServletRequest request(String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(ServicesPageMaskTest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (p, m, a) -> m.getName().equals("getRequestURI") ? uri : null);
    }

    /** The real response's side: what reaches the client. */
    private static final class Sent {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final AtomicInteger length = new AtomicInteger(-1);
        private java.io.PrintWriter writer;

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(ServicesPageMaskTest.class.getClassLoader(),
                    new Class<?>[] { HttpServletResponse.class }, (p, m, a) -> switch (m.getName()) {
                        case "getCharacterEncoding" -> "UTF-8";
                        case "isCommitted" -> false;
                        case "setContentLength" -> {
                            length.set((Integer) a[0]);
                            yield null;
                        }
                        case "getOutputStream" -> out;
                        case "getWriter" -> writer == null ? (writer = new java.io.PrintWriter(
                                new java.io.OutputStreamWriter(body, StandardCharsets.UTF_8), true)) : writer;
                        default -> null;
                    });
        }

        String text() {
            if (writer != null) {
                writer.flush();
            }
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}

package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cabinetgw.deploy.CommandResponder;
import org.junit.jupiter.api.Test;

/** The one place replies are encoded: a dialect sees only fields, the responder only bytes. */
class RequesterTest {

    @Test
    void repliesAndNotificationsGoThroughTheDialect() {
        List<String> sent = new ArrayList<>();
        CommandResponder responder = new CommandResponder() {
            @Override
            public void reply(int status, byte[] body) {
                sent.add(status + " " + new String(body, StandardCharsets.UTF_8));
            }

            @Override
            public void notify(String resource, byte[] body) {
                sent.add(resource + " " + new String(body, StandardCharsets.UTF_8));
            }
        };
        DeployDialect upper = new DeployDialect() {
            @Override
            public DownloadRequest download(byte[] body, boolean allowHttp) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DownloadRequest install(byte[] body) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DownloadRequest uninstall(byte[] body) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] encode(Map<String, Object> fields) {
                return fields.toString().toUpperCase().getBytes(StandardCharsets.UTF_8);
            }
        };
        new Requester(responder, upper).reply(200, Json.object("job.id", 7, "status", "ACCEPTED"));
        new Requester(responder, JsonDialect.INSTANCE).notify("install", Json.object("job.id", 7, "dp.install.error", null));
        Requester.NOBODY.notify("install", Json.object("job.id", 8));
        assertThat(sent).containsExactly("200 {JOB.ID=7, STATUS=ACCEPTED}", "install {\"job.id\":7}");
    }
}

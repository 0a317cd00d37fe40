package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.MetricMessage;
import org.junit.jupiter.api.Test;

/** The one place replies are encoded: the jobs hand fields, the dialect of the request decides the form. */
class RequesterTest {

    /** Records what a channel would publish, in either form. */
    static final class Recorded implements CommandResponder {
        final List<String> json = new ArrayList<>();
        final List<MetricMessage> typed = new ArrayList<>();
        final List<String> resources = new ArrayList<>();

        @Override
        public void reply(int status, byte[] body) {
            json.add(status + " " + new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void notify(String resource, byte[] body) {
            json.add(resource + " " + new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void reply(int status, MetricMessage message) {
            resources.add("REPLY " + status);
            typed.add(message);
        }

        @Override
        public void notify(String resource, MetricMessage message) {
            resources.add(resource);
            typed.add(message);
        }
    }

    @Test
    void aJsonRequestIsAnsweredInJsonAndAKuraRequestInTypedMetrics() {
        Recorded r = new Recorded();
        new Requester(r, JsonDialect.INSTANCE).reply(200, Json.object("job.id", 7L, "status", "ACCEPTED"));
        new Requester(r, JsonDialect.INSTANCE).notify("install", Json.object("job.id", 7L, "dp.install.error", null));
        new Requester(r, KuraDeployDialect.INSTANCE).notify("download", Json.object("job.id", 7L,
                "dp.download.progress", 50, "dp.download.size", 2048L, "dp.download.status", "IN_PROGRESS"));
        Requester.NOBODY.notify("install", Json.object("job.id", 8L));
        assertThat(r.json).containsExactly("200 {\"job.id\":7,\"status\":\"ACCEPTED\"}", "install {\"job.id\":7}");
        assertThat(r.resources).containsExactly("download");
        assertThat(r.typed.get(0).metrics()).containsEntry("job.id", 7L).containsEntry("dp.download.progress", 50)
                .containsEntry("dp.download.size", 2048).containsEntry("dp.download.index", 0);
    }
}

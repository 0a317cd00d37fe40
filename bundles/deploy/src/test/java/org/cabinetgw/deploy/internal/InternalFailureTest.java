package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The 500 body names an incident and nothing of the failure itself. */
class InternalFailureTest {

    @Test
    void theReplyCarriesTheIncidentAndAFixedReasonOnly() {
        String incident = InternalFailure.newIncident();
        assertThat(incident).matches("[0-9a-f]{8}");
        String body = new String(Json.bytes(InternalFailure.replyBody(incident)), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"error\":\"internal error in the deploy agent; the gateway's log has the details under incident "
                + incident + "\",\"incident\":\"" + incident + "\"}");
    }

    @Test
    void incidentsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(InternalFailure.newIncident());
        }
        assertThat(seen).hasSizeGreaterThan(995); // 32 random bits: a repeat in 1000 is a one-in-8000 event
    }
}

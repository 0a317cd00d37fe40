package org.cabinetgw.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.http.AdminLogin;
import org.cabinetgw.http.AdminLogin.Outcome;
import org.junit.jupiter.api.Test;

/** The dashboard's reads follow core's login check and never fall open (the check itself is core's, tested there). */
class ReadAccessTest {

    /** A login check that answers what it is told and records what it was asked. */
    static final class Answering implements AdminLogin {
        final Verdict answer;
        final List<String> asked = new ArrayList<>();

        Answering(Outcome outcome, long retryAfter) {
            this.answer = new Verdict(outcome, outcome == Outcome.ACCEPTED ? "admin" : null, retryAfter);
        }

        @Override
        public Verdict check(String authorization, String clientAddress) {
            asked.add(authorization + " from " + clientAddress);
            return answer;
        }
    }

    @Test
    void theAdministratorAcceptedByCoreReadsAndTheCheckSeesTheClientAddress() {
        Answering login = new Answering(Outcome.ACCEPTED, 0);
        assertThat(ReadAccess.check(false, "Basic x", "10.0.0.9", login).outcome()).isEqualTo(ReadAccess.Outcome.ALLOWED);
        assertThat(login.asked).containsExactly("Basic x from 10.0.0.9");
    }

    @Test
    void refusedLockedOutAndNotConfiguredAreNotReads() {
        assertThat(ReadAccess.check(false, "Basic x", "a", new Answering(Outcome.REFUSED, 0)).outcome())
                .isEqualTo(ReadAccess.Outcome.CREDENTIALS_NEEDED);
        ReadAccess.Verdict locked = ReadAccess.check(false, "Basic x", "a", new Answering(Outcome.LOCKED_OUT, 30));
        assertThat(locked.outcome()).isEqualTo(ReadAccess.Outcome.LOCKED_OUT);
        assertThat(locked.retryAfterSeconds()).isEqualTo(30);
        assertThat(ReadAccess.check(false, "Basic x", "a", new Answering(Outcome.NOT_CONFIGURED, 0)).outcome())
                .isEqualTo(ReadAccess.Outcome.NO_ADMINISTRATOR);
    }

    @Test
    void withoutCoresLoginCheckNothingIsReadableUnlessAnonymousReadsAreAllowed() {
        assertThat(ReadAccess.check(false, "Basic x", "a", null).outcome()).isEqualTo(ReadAccess.Outcome.NO_ADMINISTRATOR);
        assertThat(ReadAccess.check(true, null, "a", null).outcome()).isEqualTo(ReadAccess.Outcome.ALLOWED);
    }
}

package org.cabinetgw.uplink.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

class TlsAlertsTest {

    @Test
    void alertsFromTheServerAboutOurCertificateAreExplainedWithTheSetting() {
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: certificate_required")))
                .isEqualTo("the server requires a client certificate: configure tls.key.store");
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: unknown_ca")))
                .contains("does not trust the CA").contains("tls.key.store");
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: bad_certificate")))
                .contains("refused our client certificate");
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: handshake_failure")))
                .contains("client certificate missing or refused");
    }

    @Test
    void certificateRequiredWhileOneIsConfiguredMeansOursIsFromTheWrongCa() {
        SSLHandshakeException required = new SSLHandshakeException("Received fatal alert: certificate_required");
        assertThat(TlsAlerts.explain(required, true)).contains("the one in tls.key.store is not");
        assertThat(TlsAlerts.explain(required, false)).isEqualTo("the server requires a client certificate: configure tls.key.store");
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: unknown_ca"), true))
                .contains("does not trust the CA");
    }

    @Test
    void aSocketClosedUnderOurFirstWriteWithAClientCertificateIsProbablyItsRefusal() {
        Throwable pipe = new IOException("Connection lost", new java.net.SocketException("Broken pipe"));
        assertThat(TlsAlerts.explain(pipe, true)).isEqualTo(TlsAlerts.CLOSED_AFTER_HANDSHAKE)
                .contains("the server refused our client certificate (tls.key.store)");
        assertThat(TlsAlerts.explain(new java.net.SocketException("Connection reset"), true))
                .isEqualTo(TlsAlerts.CLOSED_AFTER_HANDSHAKE);
        // without a client certificate a closed socket says nothing about one
        assertThat(TlsAlerts.explain(pipe, false)).isNull();
        // an alert, when the JDK did read one, says more than a guess
        assertThat(TlsAlerts.explain(new IOException("x", new SSLHandshakeException("Received fatal alert: unknown_ca")),
                true)).contains("does not trust the CA");
    }

    @Test
    void theAlertIsFoundAmongTheCausesWhateverWrapsIt() {
        Throwable wrapped = new CompletionException(new IOException("Connection lost",
                new SSLHandshakeException("Received fatal alert: certificate_expired")));
        assertThat(TlsAlerts.explain(wrapped)).contains("has expired");
    }

    @Test
    void nothingToExplainGivesNull() {
        assertThat(TlsAlerts.explain(null)).isNull();
        assertThat(TlsAlerts.explain(new IOException("Connection refused"))).isNull();
        assertThat(TlsAlerts.explain(new SSLHandshakeException(null))).isNull();
        // our own verdict on the server: not an alert from the peer
        assertThat(TlsAlerts.explain(new SSLHandshakeException("PKIX path building failed"))).isNull();
        // an alert we have no words for, and hostile text after the prefix
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: record_overflow"))).isNull();
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: "))).isNull();
        assertThat(TlsAlerts.explain(new SSLHandshakeException("Received fatal alert: unknown_ca\n\u0000<script>")))
                .contains("does not trust the CA");
    }

    @Test
    void aCauseLoopDoesNotHang() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(TlsAlerts.explain(a)).isNull();
    }
}

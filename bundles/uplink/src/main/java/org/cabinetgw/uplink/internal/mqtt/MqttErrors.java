package org.cabinetgw.uplink.internal.mqtt;

import org.cabinetgw.uplink.internal.transport.TlsAlerts;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What a Paho failure means, in words for the log and the health: the message, the innermost cause, and what a
 * TLS alert says about the certificates. Also which failures are Paho's own state rather than the broker's answer.
 */
final class MqttErrors {

    private MqttErrors() {
    }

    static String describe(Throwable e) {
        return describe(e, false);
    }

    /** {@code clientCertificate}: one is configured (changes what a "certificate required" alert means). */
    static String describe(Throwable e, boolean clientCertificate) {
        if (e == null) {
            return "unknown reason";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String text = root == e ? msg : msg + " (" + root + ")";
        String hint = TlsAlerts.explain(e, clientCertificate);
        return hint == null ? text : text + ": " + hint;
    }

    /** Paho's own state, not the broker's answer: the client is still closing or opening a session. */
    static boolean stillClosingTheOldSession(Exception e) {
        if (!(e instanceof MqttException m)) {
            return false;
        }
        int code = m.getReasonCode();
        return code == MqttException.REASON_CODE_CLIENT_DISCONNECTING
                || code == MqttException.REASON_CODE_CONNECT_IN_PROGRESS
                || code == MqttException.REASON_CODE_CLIENT_CONNECTED;
    }
}

package org.cabinetgw.uplink.internal.mqtt;

/**
 * The bytes of remote commands: how a request's payload is read into its addressing and the JSON body a
 * {@link org.cabinetgw.deploy.CommandHandler} gets, and how a handler's JSON answers are written back. Handlers
 * speak JSON whatever the cloud speaks; the wire translates. {@link #JSON} is our JSON (the body passed as it
 * came); Kura's dialect ({@code org.cabinetgw.uplink.internal.kura.KuraCommandWire}) reads and writes
 * KuraPayload.
 */
public interface CommandWire {

    /**
     * A request as read: where to answer, and the JSON body for the handler (null when {@code addressing} has an
     * error).
     */
    record Incoming(CommandEnvelope.Addressing addressing, byte[] body, org.cabinetgw.deploy.MetricMessage metrics) {
        /** A request read from JSON: no typed metrics. */
        public Incoming(CommandEnvelope.Addressing addressing, byte[] body) {
            this(addressing, body, null);
        }
    }

    Incoming read(byte[] payload);

    /** The published reply for a handler's status and JSON body (or an error body of {@link CommandEnvelope#error}). */
    byte[] reply(int status, String requestId, byte[] handlerJson);

    /** The published notification for a handler's JSON body. */
    byte[] notification(byte[] handlerJson);

    /**
     * The published reply for a handler that answers in typed metrics (a request read with metrics); a wire that
     * never reads such requests refuses it.
     */
    default byte[] reply(int status, String requestId, org.cabinetgw.deploy.MetricMessage message) {
        throw new UnsupportedOperationException("requests on this wire carry no metrics: answer in JSON");
    }

    /** The published notification of typed metrics; see {@link #reply(int, String, org.cabinetgw.deploy.MetricMessage)}. */
    default byte[] notification(org.cabinetgw.deploy.MetricMessage message) {
        throw new UnsupportedOperationException("requests on this wire carry no metrics: answer in JSON");
    }

    /** Where a notification goes. */
    String notifyTopic(CommandTopics topics, String appId, String requesterId, String resource);

    /** Our JSON: the request body goes to the handler as it came; the reply wraps the handler's JSON. */
    CommandWire JSON = new CommandWire() {
        @Override
        public Incoming read(byte[] payload) {
            return new Incoming(CommandEnvelope.read(payload), payload);
        }

        @Override
        public byte[] reply(int status, String requestId, byte[] handlerJson) {
            return CommandEnvelope.reply(status, requestId, handlerJson);
        }

        @Override
        public byte[] notification(byte[] handlerJson) {
            return handlerJson == null ? new byte[0] : handlerJson;
        }

        @Override
        public String notifyTopic(CommandTopics topics, String appId, String requesterId, String resource) {
            return topics.notifyTopic(appId, requesterId, resource);
        }
    };
}

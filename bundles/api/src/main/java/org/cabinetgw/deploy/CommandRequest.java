package org.cabinetgw.deploy;

import java.util.List;
import java.util.Objects;

/**
 * One remote request, as the command channel received it.
 *
 * @param method      {@code GET}, {@code PUT}, {@code POST}, {@code DEL} or {@code EXEC}, as in Kura's topic layout
 * @param resources   the topic levels after the method, e.g. {@code [download]} or {@code [packages]}
 * @param requestId   the requester's id for this request, echoed in the reply; may be empty
 * @param requesterId the requester's client id, where replies and notifications go; may be empty
 * @param body        the payload (JSON); empty when the request has none. A channel that speaks Kura's protocol
 *                    gives its metrics here as a JSON object too (types folded into JSON's), for handlers that
 *                    read JSON only
 * @param metrics     the request as its typed metrics and body, when the channel speaks Kura's protocol (the
 *                    handler should then answer through {@link CommandResponder#reply(int, MetricMessage)}); null
 *                    when it speaks JSON
 * @since 1.1
 */
public record CommandRequest(String method, List<String> resources, String requestId, String requesterId, byte[] body,
        MetricMessage metrics) {

    public CommandRequest {
        Objects.requireNonNull(method, "method");
        resources = List.copyOf(resources);
        requestId = requestId == null ? "" : requestId;
        requesterId = requesterId == null ? "" : requesterId;
        body = body == null ? new byte[0] : body.clone();
    }

    /** A request as a JSON channel delivers it: no metrics. */
    public CommandRequest(String method, List<String> resources, String requestId, String requesterId, byte[] body) {
        this(method, resources, requestId, requesterId, body, null);
    }

    /** The payload; a copy, callers may change it. */
    @Override
    public byte[] body() {
        return body.clone();
    }
}

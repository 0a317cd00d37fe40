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
 * @param body        the payload (JSON); empty when the request has none
 */
public record CommandRequest(String method, List<String> resources, String requestId, String requesterId, byte[] body) {

    public CommandRequest {
        Objects.requireNonNull(method, "method");
        resources = List.copyOf(resources);
        requestId = requestId == null ? "" : requestId;
        requesterId = requesterId == null ? "" : requesterId;
        body = body == null ? new byte[0] : body.clone();
    }

    /** The payload; a copy, callers may change it. */
    @Override
    public byte[] body() {
        return body.clone();
    }
}

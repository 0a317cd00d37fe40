package org.cabinetgw.deploy;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link CommandHandler} sends its answers; provided by the command channel for each request.
 * Both methods may be called from any thread and must not block for long (they queue a publication).
 */
@ProviderType
public interface CommandResponder {

    /** The request was carried out (or accepted, for a long operation). */
    int OK = 200;
    /** The request is malformed: the body names the field. */
    int BAD_REQUEST = 400;
    /** No such resource or package. */
    int NOT_FOUND = 404;
    /** Refused because another operation is in progress. */
    int BUSY = 409;
    /** The request was well formed but failed. */
    int ERROR = 500;

    /** The one reply to the request, with a JSON body. */
    void reply(int status, byte[] body);

    /**
     * A notification about a long operation the request started (progress, completion, failure),
     * published under the handler's application and {@code resource} (e.g. {@code download}).
     */
    void notify(String resource, byte[] body);

    /**
     * The one reply, as typed metrics and a body: for a request that came with {@link CommandRequest#metrics()}
     * (Kura's protocol). The channel adds what addresses the reply ({@code response.code} from {@code status}).
     * A channel that never delivers such requests need not implement it.
     *
     * @since 1.1
     */
    default void reply(int status, MetricMessage message) {
        throw new UnsupportedOperationException("this command channel answers in JSON only");
    }

    /**
     * A notification as typed metrics, for a request that came with {@link CommandRequest#metrics()}.
     *
     * @since 1.1
     */
    default void notify(String resource, MetricMessage message) {
        throw new UnsupportedOperationException("this command channel answers in JSON only");
    }
}

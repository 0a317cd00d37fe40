package org.cabinetgw.uplink.internal.mqtt;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The topic layout of remote commands, after Kura's cloud services (DEPLOY-V2):
 * requests on {@code <prefix>/<client-id>/<app-id>/<METHOD>/<resource...>}, replies on
 * {@code <prefix>/<requester>/<app-id>/REPLY/<request-id>}, notifications on
 * {@code <prefix>/<client-id>/<app-id>/NOTIFY/<requester>/<resource>}. Pure: no MQTT here.
 */
public final class CommandTopics {

    /** The methods Kura's request topics use. */
    public static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DEL", "EXEC");
    /** Resource levels after the method, at most: deeper topics are refused, not walked. */
    public static final int MAX_RESOURCES = 8;
    /** Request id used in the reply topic when the request's own id is missing or unusable. */
    public static final String INVALID_REQUEST_ID = "invalid";

    /**
     * What may stand in one topic level we build from remote input (ids, resources): no '/', no
     * wildcards, no control characters or spaces, not too long; so a requester cannot steer a reply
     * to another topic.
     */
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private final String prefix;
    private final String clientId;

    public CommandTopics(String prefix, String clientId) {
        this.prefix = prefix;
        this.clientId = clientId;
    }

    /** The subscription filter of one application. */
    public String requestFilter(String appId) {
        return prefix + "/" + clientId + "/" + appId + "/#";
    }

    public String replyTopic(String requesterId, String appId, String requestId) {
        return prefix + "/" + requesterId + "/" + appId + "/REPLY/" + requestId;
    }

    public String notifyTopic(String appId, String requesterId, String resource) {
        return prefix + "/" + clientId + "/" + appId + "/NOTIFY/" + requesterId + "/" + resource;
    }

    /** True when {@code s} may be one topic level built from remote or handler input. */
    public static boolean isSafeLevel(String s) {
        return s != null && LEVEL.matcher(s).matches();
    }

    /**
     * Splits a received request topic. Empty when the topic is not a request for us (another gateway,
     * a reply or notification, too short); otherwise the parts, where {@link Parsed#error} names what
     * is wrong with the method or resources (the request still gets an error reply).
     */
    public Optional<Parsed> parse(String topic) {
        String head = prefix + "/" + clientId + "/";
        if (topic == null || !topic.startsWith(head)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(head.length()).split("/", -1);
        if (levels.length < 2 || levels[0].isEmpty()) {
            return Optional.empty();
        }
        String appId = levels[0];
        String method = levels[1];
        // our own outgoing notifications share the request filter: never treat them as requests
        if ("NOTIFY".equals(method) || "REPLY".equals(method)) {
            return Optional.empty();
        }
        List<String> resources = List.of(Arrays.copyOfRange(levels, 2, levels.length));
        String error = null;
        if (!METHODS.contains(method)) {
            error = "method '" + clip(method) + "' is not one of GET, PUT, POST, DEL, EXEC";
        } else if (resources.isEmpty()) {
            error = "resource is missing after " + method;
        } else if (resources.size() > MAX_RESOURCES) {
            error = "resource has " + resources.size() + " levels, at most " + MAX_RESOURCES;
        } else {
            for (String r : resources) {
                if (!isSafeLevel(r)) {
                    error = "resource level '" + clip(r) + "' is empty or has characters other than A-Z a-z 0-9 . _ : @ -";
                    break;
                }
            }
        }
        return Optional.of(new Parsed(appId, method, error == null ? resources : List.of(), error,
                error == null ? null : (METHODS.contains(method) ? "resource" : "method")));
    }

    static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    /**
     * @param appId     application the request is addressed to
     * @param method    the method level as received
     * @param resources levels after the method (empty when {@code error} is set)
     * @param error     what is wrong, or null
     * @param field     the field {@code error} is about ({@code method} or {@code resource}), or null
     */
    public record Parsed(String appId, String method, List<String> resources, String error, String field) {
    }
}

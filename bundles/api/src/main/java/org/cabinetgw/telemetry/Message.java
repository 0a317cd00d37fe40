package org.cabinetgw.telemetry;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One telemetry message. Immutable. Its {@link #id()} stays the same across retries, restarts and
 * transports, so the receiver can drop duplicates.
 *
 * @param id        unique id; {@link #newId()} makes time-ordered ones
 * @param source    the component that produced it, e.g. {@code power.meter.mains}
 * @param topic     the topic below the uplink's prefix, e.g. {@code power/mains}; no MQTT wildcards
 * @param priority  how much it matters
 * @param timestamp when the measured thing happened
 * @param metrics   named values: Number, Boolean or String, in insertion order
 * @param payload   optional free-form text (for example a JSON document); empty when unused
 */
public record Message(String id, String source, String topic, Priority priority, Instant timestamp,
        Map<String, Object> metrics, String payload) {

    /** Longest topic accepted; MQTT allows more, but brokers and dashboards rarely do. */
    public static final int MAX_TOPIC_LENGTH = 256;

    public Message {
        requireText(id, "id");
        requireText(source, "source");
        requireText(topic, "topic");
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic is longer than " + MAX_TOPIC_LENGTH + " characters");
        }
        if (topic.startsWith("/") || topic.endsWith("/") || topic.contains("+") || topic.contains("#")
                || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "topic '" + topic + "' must not start or end with '/' nor contain '+', '#' or NUL");
        }
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(timestamp, "timestamp");
        Map<String, Object> copy = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((k, v) -> {
                requireText(k, "metric name");
                if (!(v instanceof Number || v instanceof Boolean || v instanceof String)) {
                    throw new IllegalArgumentException(
                            "metric '" + k + "' must be a Number, Boolean or String, was " + v);
                }
                copy.put(k, v);
            });
        }
        metrics = Collections.unmodifiableMap(copy);
        payload = payload == null ? "" : payload;
    }

    /** A new message with a fresh id, stamped now. */
    public static Message of(String source, String topic, Priority priority, Map<String, Object> metrics) {
        return new Message(newId(), source, topic, priority, Instant.now(), metrics, "");
    }

    // One generator per thread: a shared SecureRandom serialises its callers, and producers creating ids
    // at once queued up on it. Each is seeded once from the shared one (which reads /dev/urandom and never
    // blocks, unlike a generator seeding itself from /dev/random on an old kernel early at boot).
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Message::newGenerator);

    private static SecureRandom newGenerator() {
        byte[] seed = new byte[32];
        SEEDS.nextBytes(seed);
        try {
            SecureRandom generator = SecureRandom.getInstance("SHA1PRNG");
            generator.setSeed(seed); // before its first use: seeded by this alone
            return generator;
        } catch (java.security.NoSuchAlgorithmException e) {
            return SEEDS;
        }
    }

    /**
     * A UUID whose first 48 bits are the epoch milliseconds (the layout of RFC 9562 version 7), so ids
     * sort roughly by creation time; that keeps receivers' de-duplication indexes compact.
     */
    public static String newId() {
        long millis = System.currentTimeMillis();
        SecureRandom random = RANDOM.get();
        long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}

package org.cabinetgw.uplink.internal.kura;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.cabinetgw.uplink.internal.mqtt.CloudDialect;
import org.cabinetgw.uplink.internal.mqtt.CommandTopics;
import org.cabinetgw.uplink.internal.mqtt.CommandWire;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;

/**
 * Kura's cloud protocol on the MQTT transport: each queued message as a KuraPayload ({@link KuraTelemetry}) on
 * {@code <account>/<client-id>/<app-id>/<message topic>} at the transport's QoS; BIRTH at QoS 1 after every
 * connect, DC on an orderly stop, the will on {@code .../MQTT/LWT}, APPS when the applications change. Nothing is
 * retained: Kapua reads lifecycle messages as events, and a retained BIRTH would replay a stale certificate.
 */
public final class KuraDialect implements CloudDialect {

    /** Payloads smaller than this are sent plain: gzip's header would make them larger. */
    static final int GZIP_FROM_BYTES = 256;

    private final KuraSettings settings;
    private final KuraBirthCertificate certificate;
    private final KuraCommandWire wire;
    private volatile Set<String> apps = Set.of();
    /** The applications the last BIRTH named (see afterBirths). */
    private volatile Set<String> inBirth = Set.of();

    public KuraDialect(KuraSettings settings, KuraBirthCertificate certificate) {
        this.settings = settings;
        this.certificate = certificate;
        this.wire = new KuraCommandWire(settings.topics());
    }

    public KuraTopics topics() {
        return settings.topics();
    }

    @Override
    public String topicFor(QueuedMessage message) {
        return settings.topics().data(message.topic());
    }

    @Override
    public byte[] payloadFor(QueuedMessage message) {
        return encode(KuraTelemetry.toPayload(message));
    }

    /** Gzip'd when allowed and worth it (Kapua recognises gzip by its magic bytes, as Kura does). */
    byte[] encode(KuraPayload p) {
        byte[] plain = KuraPayloadCodec.encode(p);
        if (settings.gzip() && plain.length >= GZIP_FROM_BYTES) {
            byte[] zipped = KuraPayloadCodec.gzip(plain);
            if (zipped.length < plain.length) {
                return zipped;
            }
        }
        return plain;
    }

    @Override
    public Publication will() {
        return new Publication(settings.topics().will(), encode(certificate.will(System.currentTimeMillis())), 1,
                false);
    }

    @Override
    public List<Publication> births(InetAddress localAddress) {
        Set<String> now = apps;
        inBirth = now;
        return List.of(birth(settings.topics().birth(), localAddress, now));
    }

    /**
     * An application that registered while the BIRTH was on its way is in neither the BIRTH nor an APPS (the
     * session did not count as connected yet, so its APPS was not sent): the APPS now. Seen in KuraCloudIT,
     * where DEPLOY-V2 registered in that window and Kapua never heard of it until the next reconnect.
     */
    @Override
    public Publication afterBirths(InetAddress localAddress) {
        Set<String> now = apps;
        if (now.equals(inBirth)) {
            return null;
        }
        inBirth = now;
        return birth(settings.topics().apps(), localAddress, now);
    }

    @Override
    public Publication goodbye() {
        return new Publication(settings.topics().disconnect(),
                encode(certificate.disconnect(System.currentTimeMillis())), 1, false);
    }

    /**
     * The applications answered in Kura's dialect changed: the APPS message to publish now, or null when the set
     * is the same. The next BIRTH carries the new set in any case.
     */
    public Publication applicationsChanged(Set<String> applications, InetAddress localAddress) {
        Set<String> now = Set.copyOf(new TreeSet<>(applications));
        if (now.equals(apps)) {
            return null;
        }
        apps = now;
        return birth(settings.topics().apps(), localAddress, now);
    }

    @Override
    public CommandTopics commandTopics() {
        return wire.commandTopics();
    }

    @Override
    public CommandWire commandWire() {
        return wire;
    }

    private Publication birth(String topic, InetAddress localAddress, Set<String> applications) {
        return new Publication(topic, encode(certificate.birth(System.currentTimeMillis(), localAddress, applications)), 1,
                false);
    }
}

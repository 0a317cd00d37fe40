package org.cabinetgw.dashboard.internal;

import java.time.Instant;

import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.storage.FilesystemSnapshot;
import org.cabinetgw.storage.FilesystemStatus;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one sample of every plotted value into the {@link HistoryRings}: each meter's voltage, frequency,
 * power, UPS charge and runtime (fresh readings only: a stale meter leaves a gap), each link's latency and
 * loss, the uplink's queue depth and delivery rate, each filesystem's free space (percent, as df). Series names:
 * {@code meter.<name>.<point>}, {@code link.<name>.latency|loss}, {@code uplink.queued|rate}, {@code fs.<name>.free}.
 */
final class Sampler {

    static final String[] METER_POINTS = { MeterReading.VOLTAGE, MeterReading.FREQUENCY, MeterReading.POWER,
        MeterReading.BATTERY_CHARGE, MeterReading.RUNTIME_LEFT };
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final HistoryRings rings;
    private long lastDelivered = -1;
    private long lastSecond;

    Sampler(HistoryRings rings) {
        this.rings = rings;
    }

    void sample(Sources s, Instant now) {
        long t = now.getEpochSecond();
        try {
            for (Meter m : s.meters()) {
                MeterReading r = m.lastReading();
                for (String point : METER_POINTS) {
                    r.fresh(point).ifPresent(v -> rings.add("meter." + r.meter() + "." + point, t, v));
                }
            }
            if (s.links() != null) {
                for (LinkStatus l : s.links().links()) {
                    if (l.latencyMillis() >= 0) {
                        rings.add("link." + l.name() + ".latency", t, l.latencyMillis());
                    }
                    rings.add("link." + l.name() + ".loss", t, l.lossPercent());
                }
            }
            for (FilesystemStatus f : s.filesystems()) {
                FilesystemSnapshot fs = f.snapshot();
                if (!Double.isNaN(fs.freePercent())) { // not mounted or not measured: a gap
                    rings.add("fs." + fs.name() + ".free", t, fs.freePercent());
                }
            }
            if (s.uplink() != null) {
                UplinkSnapshot u = s.uplink().snapshot();
                rings.add("uplink.queued", t, u.queuedMessages());
                if (lastDelivered >= 0 && u.delivered() >= lastDelivered && t > lastSecond) {
                    rings.add("uplink.rate", t, (u.delivered() - lastDelivered) / (double) (t - lastSecond));
                }
                lastDelivered = u.delivered();
                lastSecond = t;
            } else {
                lastDelivered = -1;
            }
        } catch (RuntimeException e) { // a capability went away while it was read: the next sample resumes
            LOG.debug("sample skipped", e);
        }
    }
}

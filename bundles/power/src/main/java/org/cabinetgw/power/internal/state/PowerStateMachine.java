package org.cabinetgw.power.internal.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;

/**
 * Derives the cabinet's {@link PowerState} from the latest readings. Pure: time comes in as an argument,
 * so it is tested with a fake clock. Not thread safe: one evaluation thread feeds it.
 *
 * <p>Rules, in order: the UPS says it is on battery → ON_UPS_BATTERY (BATTERY_LOW when charge or runtime
 * is low); mains live → ON_MAINS; generator live → ON_GENERATOR; mains known lost and no generator →
 * ON_UPS_BATTERY (the gateway runs, so something bridges); otherwise UNKNOWN.
 */
public final class PowerStateMachine {

    /** What an evaluation produced; the component turns each into an event. */
    public sealed interface Output permits SourceChanged, StateChanged, Transfer, Bridged {
    }

    public record SourceChanged(MeterRole role, SourceState from, SourceState to, Instant since, Instant at,
            String reason) implements Output {
    }

    public record StateChanged(PowerState from, PowerState to, Instant at, String reason) implements Output {
    }

    /** Mains lost → generator feeding (or back): duration from the first sign of the cause to the new state. */
    public record Transfer(PowerState from, PowerState to, Duration duration, Instant at) implements Output {
    }

    /** The UPS stopped bridging after {@code duration}. */
    public record Bridged(Duration duration, PowerState to, Instant at) implements Output {
    }

    /** Latest fresh values of a source role; empty optionals when stale or absent. */
    public record SourceInput(boolean metered, OptionalDouble voltage, OptionalDouble frequency) {
        public static SourceInput none() {
            return new SourceInput(false, OptionalDouble.empty(), OptionalDouble.empty());
        }
    }

    /** Latest fresh values of the UPS; empty when stale or absent. */
    public record UpsInput(boolean metered, Optional<Boolean> onBattery, OptionalDouble charge,
            OptionalDouble runtimeSeconds) {
        public static UpsInput none() {
            return new UpsInput(false, Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        }
    }

    private final Thresholds t;
    private final SourceTracker mains = new SourceTracker();
    private final SourceTracker generator = new SourceTracker();
    private PowerState state = PowerState.UNKNOWN;
    private Instant since;
    private boolean batteryLow;
    private PowerState lastFeeding; // ON_MAINS or ON_GENERATOR before the cabinet left it
    private Instant causeSince; // first sign of the cause of the pending transfer
    private Instant bridgeStart;
    private Duration lastTransfer;
    private Duration lastBridge;

    public PowerStateMachine(Thresholds thresholds, Instant start) {
        this.t = thresholds;
        this.since = start;
    }

    public List<Output> update(SourceInput mainsIn, SourceInput generatorIn, UpsInput ups, Instant now) {
        List<Output> out = new ArrayList<>();
        SourceTracker.Change m = mains.update(mainsIn.metered(), mainsIn.voltage(), mainsIn.frequency(), t, now);
        if (m != null) {
            out.add(new SourceChanged(MeterRole.MAINS, m.from(), m.to(), m.since(), now, m.reason()));
            if (m.from().isLive() != m.to().isLive()) {
                causeSince = m.since(); // mains went away, or came back: the clock of the transfer starts here
            }
        }
        SourceTracker.Change g = generator.update(generatorIn.metered(), generatorIn.voltage(), generatorIn.frequency(),
                t, now);
        if (g != null) {
            out.add(new SourceChanged(MeterRole.GENERATOR, g.from(), g.to(), g.since(), now, g.reason()));
        }
        String[] reason = new String[1];
        PowerState next = derive(ups, reason);
        if (next != state) {
            PowerState previous = state;
            out.add(new StateChanged(previous, next, now, reason[0]));
            onEnter(previous, next, now, out);
            state = next;
            since = now;
        }
        return out;
    }

    private PowerState derive(UpsInput ups, String[] reason) {
        boolean onBattery = ups.onBattery().orElse(false);
        boolean noLiveSource = !mains.state().isLive() && !generator.state().isLive();
        // only a mains known to be down means the UPS must be bridging; a silent mains meter (or one not yet
        // read at start) proves nothing, and a stopped generator is its normal state
        boolean mainsKnownDown = mains.state() == SourceState.LOST || mains.state() == SourceState.DEGRADED;
        if (onBattery || (noLiveSource && mainsKnownDown)) {
            updateBatteryLow(ups);
            if (batteryLow) {
                reason[0] = "on battery, charge " + fmt(ups.charge()) + " %, runtime left " + fmt(ups.runtimeSeconds())
                        + " s";
                return PowerState.BATTERY_LOW;
            }
            reason[0] = onBattery ? "the UPS reports it runs on battery" : "neither mains nor generator is live";
            return PowerState.ON_UPS_BATTERY;
        }
        batteryLow = false;
        if (mains.state().isLive()) {
            reason[0] = "mains " + mains.state().name().toLowerCase(java.util.Locale.ROOT);
            return PowerState.ON_MAINS;
        }
        if (generator.state().isLive()) {
            reason[0] = "mains " + mains.state().name().toLowerCase(java.util.Locale.ROOT) + ", generator "
                    + generator.state().name().toLowerCase(java.util.Locale.ROOT);
            return PowerState.ON_GENERATOR;
        }
        reason[0] = "no fresh readings of mains or generator";
        return PowerState.UNKNOWN;
    }

    private void updateBatteryLow(UpsInput ups) {
        double low = batteryLow ? t.batteryLowPercent() + t.batteryHysteresis() : t.batteryLowPercent();
        boolean chargeLow = ups.charge().isPresent() && ups.charge().getAsDouble() < low;
        boolean runtimeLow = ups.runtimeSeconds().isPresent()
                && ups.runtimeSeconds().getAsDouble() < t.batteryLowRuntime().toSeconds();
        batteryLow = chargeLow || runtimeLow;
    }

    private void onEnter(PowerState previous, PowerState next, Instant now, List<Output> out) {
        boolean wasFeeding = previous == PowerState.ON_MAINS || previous == PowerState.ON_GENERATOR;
        boolean isFeeding = next == PowerState.ON_MAINS || next == PowerState.ON_GENERATOR;
        boolean isBridging = next == PowerState.ON_UPS_BATTERY || next == PowerState.BATTERY_LOW;
        if (wasFeeding) {
            lastFeeding = previous;
        }
        if (isBridging && bridgeStart == null) {
            bridgeStart = now;
        }
        if (isFeeding) {
            if (bridgeStart != null) {
                lastBridge = Duration.between(bridgeStart, now);
                out.add(new Bridged(lastBridge, next, now));
                bridgeStart = null;
            }
            if (lastFeeding != null && lastFeeding != next && causeSince != null) {
                lastTransfer = Duration.between(causeSince, now);
                out.add(new Transfer(lastFeeding, next, lastTransfer, now));
            }
            lastFeeding = next;
            causeSince = null;
        }
    }

    public PowerStatus status() {
        Map<MeterRole, SourceState> sources = new EnumMap<>(MeterRole.class);
        sources.put(MeterRole.MAINS, mains.state());
        sources.put(MeterRole.GENERATOR, generator.state());
        return new PowerStatus(state, since, sources, Optional.ofNullable(lastTransfer), Optional.ofNullable(lastBridge));
    }

    public PowerState state() {
        return state;
    }

    private static String fmt(OptionalDouble v) {
        return v.isPresent() ? String.format(java.util.Locale.ROOT, "%.0f", v.getAsDouble()) : "?";
    }
}

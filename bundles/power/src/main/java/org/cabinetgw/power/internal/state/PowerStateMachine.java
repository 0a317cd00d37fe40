package org.cabinetgw.power.internal.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;

/**
 * Derives the cabinet's {@link PowerState} from the latest readings. Pure: time comes in as an argument,
 * so it is tested with a fake clock. Not thread safe: one evaluation thread feeds it.
 *
 * <p>Rules, in order: the UPS says it is on battery (for the loss delay) → ON_UPS_BATTERY (BATTERY_LOW when
 * charge or runtime is low); mains live → ON_MAINS; generator live → ON_GENERATOR, but UNKNOWN while a mains
 * meter is silent; a source back within its restore delay while the UPS says it is on line → that source;
 * mains known lost and no generator → ON_UPS_BATTERY (the gateway runs, so something bridges), but UNKNOWN
 * when the UPS, read since the loss, says it runs on line (the meters contradict each other); otherwise UNKNOWN.
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

    /**
     * Latest fresh values of a source role; empty optionals when stale or absent.
     *
     * @param metered a meter for the role is configured (whether it answers or not)
     * @param readAt  when the values were read; null when there are none
     */
    public record SourceInput(boolean metered, OptionalDouble voltage, OptionalDouble frequency, Instant readAt) {
        public static SourceInput none() {
            return new SourceInput(false, OptionalDouble.empty(), OptionalDouble.empty(), null);
        }
    }

    /** Latest fresh values of the UPS; empty when stale or absent; {@code readAt} null when there are none. */
    public record UpsInput(boolean metered, Optional<Boolean> onBattery, OptionalDouble charge,
            OptionalDouble runtimeSeconds, Instant readAt) {
        public static UpsInput none() {
            return new UpsInput(false, Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty(), null);
        }
    }

    private final Thresholds t;
    private final SourceTracker mains = new SourceTracker();
    private final SourceTracker generator = new SourceTracker();
    private final UpsFlagTracker upsFlag = new UpsFlagTracker();
    private PowerState state = PowerState.UNKNOWN;
    private Instant since;
    private boolean batteryLow;
    private boolean upsOnLineDespiteLoss;
    private PowerState lastFeeding; // ON_MAINS or ON_GENERATOR before the cabinet left it
    private Instant bridgeStart;
    private Duration lastTransfer;
    private Duration lastBridge;

    public PowerStateMachine(Thresholds thresholds, Instant start) {
        this.t = thresholds;
        this.since = start;
    }

    public List<Output> update(SourceInput mainsIn, SourceInput generatorIn, UpsInput ups, Instant now) {
        List<Output> out = new ArrayList<>();
        SourceTracker.Change m = mains.update(mainsIn.metered(), mainsIn.voltage(), mainsIn.frequency(),
                mainsIn.readAt(), t, now);
        if (m != null) {
            out.add(new SourceChanged(MeterRole.MAINS, m.from(), m.to(), m.since(), now, m.reason()));
        }
        SourceTracker.Change g = generator.update(generatorIn.metered(), generatorIn.voltage(), generatorIn.frequency(),
                generatorIn.readAt(), t, now);
        if (g != null) {
            out.add(new SourceChanged(MeterRole.GENERATOR, g.from(), g.to(), g.since(), now, g.reason()));
        }
        Optional<Boolean> onBattery = upsFlag.update(ups.onBattery(), ups.readAt(), t.lossDelay(), now);
        String[] reason = new String[1];
        PowerState next = derive(onBattery, ups, reason);
        if (next != state) {
            PowerState previous = state;
            out.add(new StateChanged(previous, next, now, reason[0]));
            onEnter(previous, next, onBattery.orElse(false), now, out);
            state = next;
            since = now;
        }
        return out;
    }

    /**
     * Which source feeds the cabinet, as the meters say. The UPS's flag first (debounced); then a live source;
     * a live generator with a silent mains meter proves nothing about mains (both could have voltage), so the
     * source is UNKNOWN; a source back but still in its restore delay feeds the cabinet when the UPS, read
     * fresh, says it is on line (else the generator stopping in the restore delay would look like a bridge);
     * mains known lost with no other source: the UPS must bridge.
     */
    private PowerState derive(Optional<Boolean> onBattery, UpsInput ups, String[] reason) {
        if (onBattery.orElse(false)) {
            updateBatteryLow(ups);
            String mainsView = mains.metered() ? "mains " + words(mains) : "no mains meter: mains taken as lost on the UPS's word";
            if (batteryLow) {
                reason[0] = "on battery, charge " + fmt(ups.charge()) + " %, runtime left " + fmt(ups.runtimeSeconds())
                        + " s; " + mainsView;
                return PowerState.BATTERY_LOW;
            }
            reason[0] = "the UPS reports it runs on battery; " + mainsView;
            return PowerState.ON_UPS_BATTERY;
        }
        boolean mainsSilent = mains.metered() && mains.state() == SourceState.UNKNOWN;
        if (mains.state().isLive()) {
            batteryLow = false;
            reason[0] = "mains " + words(mains);
            return PowerState.ON_MAINS;
        }
        if (generator.state().isLive()) {
            batteryLow = false;
            reason[0] = "mains " + words(mains) + ", generator " + words(generator);
            return mainsSilent ? PowerState.UNKNOWN : PowerState.ON_GENERATOR;
        }
        if (onBattery.isPresent() && (mains.returning() || generator.returning())) {
            batteryLow = false;
            boolean fromMains = mains.returning();
            reason[0] = (fromMains ? "mains" : "generator") + " back (restore delay running) and the UPS on line; mains "
                    + words(mains) + ", generator " + words(generator);
            return fromMains ? PowerState.ON_MAINS : mainsSilent ? PowerState.UNKNOWN : PowerState.ON_GENERATOR;
        }
        upsOnLineDespiteLoss = mains.state() == SourceState.LOST && upsReadOnLineSinceTheLoss(onBattery, ups);
        if (upsOnLineDespiteLoss) {
            batteryLow = false;
            reason[0] = "mains " + words(mains) + ", but the UPS, read since, reports it runs on line: an unmetered source"
                    + " feeds the cabinet or the mains meter does not see the supply (check its wiring and fuses); generator "
                    + words(generator);
            return PowerState.UNKNOWN;
        }
        if (mains.state() == SourceState.LOST) {
            updateBatteryLow(ups);
            reason[0] = "mains " + words(mains) + ", generator " + words(generator) + ": the UPS must bridge"
                    + (onBattery.isEmpty() ? " (no UPS reading)" : upsFlag.confirming()
                            ? " (the UPS says on battery, not yet for the loss delay)"
                            : " (the UPS, not read since the loss, said on line)");
            return batteryLow ? PowerState.BATTERY_LOW : PowerState.ON_UPS_BATTERY;
        }
        batteryLow = false;
        reason[0] = "mains " + words(mains) + ", generator " + words(generator) + ": which source feeds the cabinet is not known";
        return PowerState.UNKNOWN;
    }

    /**
     * The UPS, read at least the loss delay after the mains meter first read the loss, still says it runs on line.
     * A UPS goes to battery within milliseconds of losing its input, so the two meters contradict each other: the
     * cabinet is fed by something the mains meter does not see, and calling it a battery bridge would be a lie
     * (the mains-lost alarm still rests on the mains meter). A reading from before that is no evidence either way.
     */
    private boolean upsReadOnLineSinceTheLoss(Optional<Boolean> onBattery, UpsInput ups) {
        Instant lossSeen = mains.liveFlip();
        return onBattery.isPresent() && !onBattery.get() && !upsFlag.confirming() && ups.readAt() != null
                && lossSeen != null && !ups.readAt().isBefore(lossSeen.plus(t.lossDelay()));
    }

    /** True while mains is LOST but the UPS, read since, says it runs on line (the state is then UNKNOWN). */
    public boolean upsOnLineDespiteLoss() {
        return upsOnLineDespiteLoss;
    }

    private static String words(SourceTracker s) {
        return s.state().name() + " (" + s.reason() + ")";
    }

    private void updateBatteryLow(UpsInput ups) {
        double low = batteryLow ? t.batteryLowPercent() + t.batteryHysteresis() : t.batteryLowPercent();
        boolean chargeLow = ups.charge().isPresent() && ups.charge().getAsDouble() < low;
        boolean runtimeLow = ups.runtimeSeconds().isPresent()
                && ups.runtimeSeconds().getAsDouble() < t.batteryLowRuntime().toSeconds();
        batteryLow = chargeLow || runtimeLow;
    }

    private void onEnter(PowerState previous, PowerState next, boolean upsOnBattery, Instant now, List<Output> out) {
        boolean wasFeeding = previous == PowerState.ON_MAINS || previous == PowerState.ON_GENERATOR;
        boolean isFeeding = next == PowerState.ON_MAINS || next == PowerState.ON_GENERATOR;
        boolean isBridging = next == PowerState.ON_UPS_BATTERY || next == PowerState.BATTERY_LOW;
        if (wasFeeding) {
            lastFeeding = previous;
        }
        if (isBridging && bridgeStart == null) {
            // from the first reading that showed it: the UPS saying "on battery", else mains gone
            Instant first = upsOnBattery ? upsFlag.batterySince() : mains.liveFlip();
            bridgeStart = first != null && first.isBefore(now) ? first : now;
        }
        if (isFeeding) {
            if (bridgeStart != null) {
                lastBridge = Duration.between(bridgeStart, now);
                out.add(new Bridged(lastBridge, next, now));
                bridgeStart = null;
            }
            // mains gone (to the generator) or mains back (to mains): from the first reading that showed it
            Instant cause = mains.liveFlip();
            if (lastFeeding != null && lastFeeding != next && cause != null) {
                lastTransfer = Duration.between(cause, now);
                out.add(new Transfer(lastFeeding, next, lastTransfer, now));
            }
            lastFeeding = next;
        }
    }

    /**
     * The state of each source role that has a meter (configured, answering or not), and which of them are coming
     * back: the state may take a returning source as feeding before its restore delay has passed (see derive), and a
     * reader must not see it fed by a source the same status calls LOST with no word of why.
     */
    public PowerStatus status() {
        Map<MeterRole, SourceState> sources = new EnumMap<>(MeterRole.class);
        Set<MeterRole> returning = EnumSet.noneOf(MeterRole.class);
        if (mains.metered()) {
            sources.put(MeterRole.MAINS, mains.state());
            if (mains.returning()) {
                returning.add(MeterRole.MAINS);
            }
        }
        if (generator.metered()) {
            sources.put(MeterRole.GENERATOR, generator.state());
            if (generator.returning()) {
                returning.add(MeterRole.GENERATOR);
            }
        }
        return new PowerStatus(state, since, sources, Optional.ofNullable(lastTransfer), Optional.ofNullable(lastBridge),
                returning);
    }

    /** Why a source is in its state (with the value and the band when it was decided). */
    public String reason(MeterRole role) {
        return role == MeterRole.MAINS ? mains.reason() : role == MeterRole.GENERATOR ? generator.reason() : "";
    }

    public PowerState state() {
        return state;
    }

    private static String fmt(OptionalDouble v) {
        return v.isPresent() ? String.format(java.util.Locale.ROOT, "%.0f", v.getAsDouble()) : "?";
    }
}

package org.cabinetgw.power.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.cabinetgw.power.internal.state.PowerStateMachine.Bridged;
import org.cabinetgw.power.internal.state.PowerStateMachine.Output;
import org.cabinetgw.power.internal.state.PowerStateMachine.SourceChanged;
import org.cabinetgw.power.internal.state.PowerStateMachine.SourceInput;
import org.cabinetgw.power.internal.state.PowerStateMachine.StateChanged;
import org.cabinetgw.power.internal.state.PowerStateMachine.Transfer;
import org.cabinetgw.power.internal.state.PowerStateMachine.UpsInput;
import org.junit.jupiter.api.Test;

/** The state machine on a fake clock: every delay and duration is exact. */
class PowerStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Thresholds t = Thresholds.defaults(); // loss 500 ms, restore 5 s
    private final PowerStateMachine m = new PowerStateMachine(t, T0);
    private final List<Output> all = new ArrayList<>();
    private long now; // ms since T0

    private SourceInput mains = live(230, 50);
    private SourceInput gen = live(0, 0);
    private UpsInput ups = ups(false, 100, 3600);

    private long pollMs = 100; // the meters are read this often; the last reading is held in between
    private long upsPollMs = 0; // the UPS is read this often; 0: with the meters
    private SourceInput mainsRead;
    private SourceInput genRead;
    private UpsInput upsRead;

    private static SourceInput live(double v, double f) {
        return new SourceInput(true, OptionalDouble.of(v), OptionalDouble.of(f), null);
    }

    private static SourceInput silent() {
        return new SourceInput(true, OptionalDouble.empty(), OptionalDouble.empty(), null);
    }

    private static UpsInput ups(boolean onBattery, double charge, double runtime) {
        return new UpsInput(true, Optional.of(onBattery), OptionalDouble.of(charge), OptionalDouble.of(runtime), null);
    }

    /** Runs evaluations every 100 ms for {@code ms}; the meters are polled every {@link #pollMs}. */
    private List<Output> run(long ms) {
        List<Output> out = new ArrayList<>();
        for (long end = now + ms; now < end;) {
            now += 100;
            Instant at = T0.plusMillis(now);
            if (now % pollMs == 0 || mainsRead == null) {
                mainsRead = read(mains, at);
                genRead = read(gen, at);
            }
            if (now % (upsPollMs == 0 ? pollMs : upsPollMs) == 0 || upsRead == null) {
                upsRead = new UpsInput(ups.metered(), ups.onBattery(), ups.charge(), ups.runtimeSeconds(),
                        ups.onBattery().isPresent() ? at : null);
            }
            out.addAll(m.update(mainsRead, genRead, upsRead, at));
        }
        all.addAll(out);
        return out;
    }

    private static SourceInput read(SourceInput s, Instant at) {
        return new SourceInput(s.metered(), s.voltage(), s.frequency(), s.voltage().isPresent() ? at : null);
    }

    private static <T extends Output> List<T> only(Class<T> type, List<Output> outputs) {
        return outputs.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<String> states(List<Output> outputs) {
        return outputs.stream().filter(o -> o instanceof StateChanged).map(o -> ((StateChanged) o).to().name()).toList();
    }

    @Test
    void startsUnknownAndSettlesOnMains() {
        assertThat(m.state()).isEqualTo(PowerState.UNKNOWN);
        List<Output> out = run(1000);
        assertThat(states(out)).containsExactly("ON_MAINS");
        assertThat(m.status().sources()).containsEntry(MeterRole.MAINS, SourceState.AVAILABLE)
                .containsEntry(MeterRole.GENERATOR, SourceState.LOST);
    }

    @Test
    void theWholeOutageScenarioWithExactTransferAndBridgeTimes() {
        run(1000);
        all.clear();
        // mains fails at t=1000; the UPS takes over at once
        mains = live(0, 0);
        ups = ups(true, 95, 1800);
        List<Output> loss = run(600);
        assertThat(states(loss)).containsExactly("ON_UPS_BATTERY");
        SourceChanged lost = (SourceChanged) loss.stream().filter(o -> o instanceof SourceChanged).findFirst().orElseThrow();
        assertThat(lost.to()).isEqualTo(SourceState.LOST);
        assertThat(lost.since()).isEqualTo(T0.plusMillis(1100)); // first evaluation that saw it
        assertThat(lost.at()).isEqualTo(T0.plusMillis(1600)); // after the 500 ms loss delay
        // the generator starts 10 s later (first seen at 11100); it must be good for 5 s (restore delay)
        run(9400); // now = 11000
        gen = live(231, 50.1);
        ups = ups(true, 90, 1700);
        assertThat(states(run(5000))).isEmpty(); // 16000: not yet 5 s since 11100
        assertThat(m.status().returning()).containsExactly(MeterRole.GENERATOR);
        ups = ups(false, 90, 1700); // the UPS sees its input back when the transfer switch closes
        List<Output> transfer = run(100); // 16100
        assertThat(states(transfer)).containsExactly("ON_GENERATOR");
        assertThat(m.status().sources()).containsEntry(MeterRole.GENERATOR, SourceState.AVAILABLE);
        assertThat(m.status().returning()).isEmpty();
        Transfer tr = (Transfer) transfer.stream().filter(o -> o instanceof Transfer).findFirst().orElseThrow();
        assertThat(tr.from()).isEqualTo(PowerState.ON_MAINS);
        assertThat(tr.to()).isEqualTo(PowerState.ON_GENERATOR);
        assertThat(tr.duration()).isEqualTo(Duration.ofMillis(16100 - 1100)); // from the first sign of the loss
        Bridged br = (Bridged) transfer.stream().filter(o -> o instanceof Bridged).findFirst().orElseThrow();
        assertThat(br.duration()).isEqualTo(Duration.ofMillis(16100 - 1100)); // the UPS said "on battery" at once
        // mains returns (first seen at 20100) and must hold 5 s
        run(3900); // now = 20000
        mains = live(229, 50);
        assertThat(states(run(5000))).isEmpty(); // 25000
        List<Output> back = run(100); // 25100
        assertThat(states(back)).containsExactly("ON_MAINS");
        Transfer tb = (Transfer) back.stream().filter(o -> o instanceof Transfer).findFirst().orElseThrow();
        assertThat(tb.from()).isEqualTo(PowerState.ON_GENERATOR);
        assertThat(tb.duration()).isEqualTo(Duration.ofMillis(25100 - 20100));
        assertThat(back).noneMatch(o -> o instanceof Bridged);
        assertThat(m.status().lastTransfer()).contains(Duration.ofMillis(5000));
        assertThat(m.status().lastBridge()).contains(Duration.ofMillis(15000));
        // generator stops
        gen = live(0, 0);
        List<Output> stop = run(600);
        assertThat(stop).hasSize(1);
        assertThat(((SourceChanged) stop.get(0)).role()).isEqualTo(MeterRole.GENERATOR);
        assertThat(states(all)).containsExactly("ON_UPS_BATTERY", "ON_GENERATOR", "ON_MAINS");
    }

    @Test
    void aDipShorterThanTheLossDelayIsIgnored() {
        run(1000);
        mains = live(50, 50);
        assertThat(run(400)).isEmpty();
        mains = live(230, 50);
        assertThat(run(2000)).isEmpty();
        assertThat(m.state()).isEqualTo(PowerState.ON_MAINS);
    }

    @Test
    void voltageHysteresisKeepsADegradedSourceDegradedUntilWellInsideTheBand() {
        run(1000);
        mains = live(205, 50); // below 207
        List<Output> out = run(600);
        assertThat(out).singleElement().satisfies(o -> assertThat(((SourceChanged) o).to()).isEqualTo(SourceState.DEGRADED));
        assertThat(m.state()).isEqualTo(PowerState.ON_MAINS); // degraded mains still feeds
        mains = live(210, 50); // inside the band but not by the 5 V hysteresis
        assertThat(run(6000)).isEmpty();
        mains = live(213, 50);
        List<Output> restored = run(5100);
        assertThat(restored).singleElement().satisfies(o -> {
            SourceChanged s = (SourceChanged) o;
            assertThat(s.from()).isEqualTo(SourceState.DEGRADED);
            assertThat(s.to()).isEqualTo(SourceState.AVAILABLE);
        });
    }

    @Test
    void frequencyOutOfBandDegrades() {
        run(1000);
        mains = live(230, 51.5);
        List<Output> out = run(600);
        assertThat(out).singleElement().satisfies(o -> assertThat(((SourceChanged) o).reason()).contains("frequency 51.50 Hz"));
    }

    @Test
    void aSilentMainsMeterIsUnknownNotLost() {
        run(1000);
        mains = silent();
        List<Output> out = run(600);
        assertThat(out).filteredOn(o -> o instanceof SourceChanged)
                .singleElement().satisfies(o -> assertThat(((SourceChanged) o).to()).isEqualTo(SourceState.UNKNOWN));
        // a silent meter proves nothing about mains; the UPS says it is on line: unknown, not on battery
        assertThat(m.state()).isEqualTo(PowerState.UNKNOWN);
        ups = ups(true, 90, 1800);
        assertThat(states(run(500))).isEmpty(); // the UPS's flag counts once it held for the loss delay
        List<Output> bridging = run(100);
        assertThat(states(bridging)).containsExactly("ON_UPS_BATTERY");
        assertThat(only(StateChanged.class, bridging).get(0).reason()).contains("mains UNKNOWN (meter silent");
    }

    @Test
    void batteryLowWithHysteresis() {
        run(1000);
        mains = live(0, 0);
        ups = ups(true, 35, 1800);
        run(600);
        assertThat(m.state()).isEqualTo(PowerState.ON_UPS_BATTERY);
        ups = ups(true, 29, 1800);
        assertThat(states(run(100))).containsExactly("BATTERY_LOW");
        ups = ups(true, 33, 1800); // above 30 but not above 30 + 5
        assertThat(run(1000)).isEmpty();
        ups = ups(true, 36, 1800);
        assertThat(states(run(100))).containsExactly("ON_UPS_BATTERY");
        ups = ups(true, 80, 200); // runtime under 300 s
        assertThat(states(run(100))).containsExactly("BATTERY_LOW");
    }

    @Test
    void withoutAUpsMeterMainsLossGoesStraightToTheGeneratorWhenItRuns() {
        ups = UpsInput.none();
        gen = live(230, 50);
        run(6000);
        assertThat(m.state()).isEqualTo(PowerState.ON_MAINS);
        mains = live(0, 0);
        List<Output> out = run(600);
        assertThat(states(out)).containsExactly("ON_GENERATOR");
        assertThat(out).filteredOn(o -> o instanceof Transfer).singleElement()
                .satisfies(o -> assertThat(((Transfer) o).duration()).isEqualTo(Duration.ofMillis(500)));
    }

    @Test
    void atStartAStoppedGeneratorReadBeforeMainsDoesNotLookLikeAnOutage() {
        mains = silent(); // mains meter not answered yet
        List<Output> out = run(1000);
        assertThat(out).filteredOn(o -> o instanceof SourceChanged).singleElement()
                .satisfies(o -> assertThat(((SourceChanged) o).role()).isEqualTo(MeterRole.GENERATOR));
        assertThat(states(out)).isEmpty();
        mains = live(230, 50);
        assertThat(states(run(1000))).containsExactly("ON_MAINS");
    }

    @Test
    void noMetersAtAllStaysUnknown() {
        mains = SourceInput.none();
        gen = SourceInput.none();
        ups = UpsInput.none();
        assertThat(run(2000)).isEmpty();
        assertThat(m.state()).isEqualTo(PowerState.UNKNOWN);
    }

    // --- issue 22 ---

    @Test
    void aUpsSelfTestBlipWithMainsInBandIsNoOutage() {
        run(1000);
        ups = ups(true, 100, 3600); // a 300 ms self-test, mains at 230 V throughout
        assertThat(run(300)).isEmpty();
        ups = ups(false, 100, 3600);
        assertThat(run(2000)).isEmpty();
        // the same blip caught by a single poll of a UPS read once a second: the reading is held 1 s, the blip was not
        pollMs = 1000;
        run(1000 - now % 1000 - 200); // 200 ms before the next poll
        ups = ups(true, 100, 3600);
        run(300);
        ups = ups(false, 100, 3600);
        assertThat(run(3000)).isEmpty();
        assertThat(m.state()).isEqualTo(PowerState.ON_MAINS);
    }

    @Test
    void aLongUpsSelfTestIsOnBatteryButSaysMainsIsThere() {
        run(1000);
        ups = ups(true, 100, 3600);
        List<Output> test = run(10_000);
        assertThat(states(test)).containsExactly("ON_UPS_BATTERY");
        assertThat(only(StateChanged.class, test).get(0).reason()).contains("the UPS reports it runs on battery")
                .contains("mains AVAILABLE");
        assertThat(only(StateChanged.class, test).get(0).at()).isEqualTo(T0.plusMillis(1600)); // 1100 + loss delay
        ups = ups(false, 98, 3500);
        List<Output> back = run(100);
        assertThat(states(back)).containsExactly("ON_MAINS");
        assertThat(only(Transfer.class, back)).isEmpty(); // mains fed the UPS throughout: no transfer
        assertThat(only(Bridged.class, back)).singleElement().satisfies(b -> {
            assertThat(b.duration()).isEqualTo(Duration.ofMillis(11_100 - 1100)); // from the first "on battery" reading
            assertThat(b.to()).isEqualTo(PowerState.ON_MAINS);
        });
    }

    @Test
    void withoutAMainsMeterTheUpsAloneSaysMainsIsLostAndTheReasonSaysSo() {
        mains = SourceInput.none();
        run(1000);
        ups = ups(true, 90, 1800);
        List<Output> out = run(600);
        assertThat(states(out)).containsExactly("ON_UPS_BATTERY");
        assertThat(only(StateChanged.class, out).get(0).reason()).contains("no mains meter")
                .contains("on the UPS's word");
        assertThat(m.status().sources()).doesNotContainKey(MeterRole.MAINS).containsKey(MeterRole.GENERATOR);
    }

    @Test
    void aDeadMainsMeterWhileTheGeneratorRunsIsNoOutage() {
        gen = live(231, 50); // the generator exercises, mains feeds
        run(6000);
        assertThat(m.state()).isEqualTo(PowerState.ON_MAINS);
        all.clear();
        mains = silent(); // the mains meter dies
        List<Output> dead = run(3000);
        assertThat(only(SourceChanged.class, dead)).singleElement()
                .satisfies(c -> assertThat(c.to()).isEqualTo(SourceState.UNKNOWN));
        assertThat(states(dead)).containsExactly("UNKNOWN");
        assertThat(only(StateChanged.class, dead).get(0).reason()).contains("mains UNKNOWN (meter silent")
                .contains("generator AVAILABLE");
        assertThat(m.status().sources()).containsEntry(MeterRole.MAINS, SourceState.UNKNOWN)
                .containsEntry(MeterRole.GENERATOR, SourceState.AVAILABLE);
        mains = live(230, 50); // reconnected: mains must hold the restore delay before it counts again
        assertThat(run(4900)).isEmpty();
        List<Output> back = run(200);
        assertThat(states(back)).containsExactly("ON_MAINS");
        assertThat(only(Transfer.class, all)).isEmpty(); // never a transfer: mains fed the cabinet throughout
        assertThat(only(Bridged.class, all)).isEmpty();
    }

    @Test
    void leavingUnknownForAvailableWaitsTheRestoreDelay() {
        run(1000);
        mains = silent();
        run(1000);
        assertThat(m.status().sources()).containsEntry(MeterRole.MAINS, SourceState.UNKNOWN);
        mains = live(230, 50);
        assertThat(run(4900)).isEmpty(); // the loss delay (500 ms) would have restored it long ago
        assertThat(only(SourceChanged.class, run(200))).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(SourceState.UNKNOWN);
            assertThat(c.to()).isEqualTo(SourceState.AVAILABLE);
        });
    }

    @Test
    void theUnknownReasonNamesEachSourceAsItIs() {
        run(1000); // the generator is read fresh and stopped
        mains = silent();
        List<Output> out = run(600);
        String reason = only(StateChanged.class, out).get(0).reason();
        assertThat(reason).contains("mains UNKNOWN (meter silent").contains("generator LOST (voltage 0.0 V below 100.0 V)")
                .doesNotContain("no fresh readings of mains or generator");
    }

    @Test
    void aDegradedMainsKeepsItsValueAndBandAsTheReason() {
        run(1000);
        mains = live(230, 47);
        run(600);
        assertThat(m.status().sources()).containsEntry(MeterRole.MAINS, SourceState.DEGRADED);
        assertThat(m.reason(MeterRole.MAINS)).isEqualTo("frequency 47.00 Hz outside 49.00-51.00 Hz");
        mains = live(230, 47.1); // a new value, the same fault: the reason does not churn
        run(1000);
        assertThat(m.reason(MeterRole.MAINS)).isEqualTo("frequency 47.00 Hz outside 49.00-51.00 Hz");
        assertThat(m.state()).isEqualTo(PowerState.ON_MAINS);
    }

    /**
     * The demo's outage (dashboard: "Fed by ON_GENERATOR. Sources: MAINS LOST, GENERATOR LOST"): the generator runs,
     * the transfer switch closes 2 s later and the UPS is on line, so the cabinet is fed by the generator while its
     * restore delay still runs. The status says so: the generator is returning, not simply LOST. Mains coming back
     * the same way.
     */
    @Test
    void fedByASourceWhoseRestoreDelayRunsTheStatusSaysItIsReturning() {
        run(1000);
        mains = live(0, 0);
        ups = ups(true, 95, 1800);
        run(1000); // 2000: on the UPS
        gen = live(230, 50); // first seen at 2100
        run(2000); // 4000
        ups = ups(false, 95, 1800); // the transfer switch closes, the UPS on line
        run(600); // 4600: the UPS flag confirmed after the loss delay
        PowerStatus fed = m.status();
        assertThat(fed.state()).isEqualTo(PowerState.ON_GENERATOR);
        assertThat(fed.sources()).containsEntry(MeterRole.GENERATOR, SourceState.LOST); // its restore delay runs
        assertThat(fed.returning()).containsExactly(MeterRole.GENERATOR);
        run(2600); // 7200: 5 s since 2100
        assertThat(m.status().sources()).containsEntry(MeterRole.GENERATOR, SourceState.AVAILABLE);
        assertThat(m.status().returning()).isEmpty();

        mains = live(230, 50); // first seen at 7300; the transfer switch goes back at once, the UPS stays on line
        run(1000);
        PowerStatus back = m.status();
        assertThat(back.state()).isEqualTo(PowerState.ON_GENERATOR); // the generator is still live: it feeds
        assertThat(back.returning()).containsExactly(MeterRole.MAINS);
        run(5000);
        assertThat(m.status().state()).isEqualTo(PowerState.ON_MAINS);
        assertThat(m.status().sources()).containsEntry(MeterRole.MAINS, SourceState.AVAILABLE);
        assertThat(m.status().returning()).isEmpty();
    }

    @Test
    void theGeneratorStoppingInsideTheMainsRestoreDelayIsNoUpsBridge() {
        run(1000);
        mains = live(0, 0);
        ups = ups(true, 95, 1800);
        gen = live(230, 50);
        run(6000); // 7000: on generator
        ups = ups(false, 95, 1800);
        run(1000); // 8000
        assertThat(m.state()).isEqualTo(PowerState.ON_GENERATOR);
        all.clear();
        mains = live(230, 50); // mains back, first seen at 8100; the transfer switch goes back at once
        run(2000); // 10000
        gen = live(0, 0); // the generator stops 1.9 s into the 5 s restore delay; the UPS stays on line
        List<Output> stop = run(1000);
        assertThat(states(stop)).containsExactly("ON_MAINS");
        assertThat(only(Bridged.class, all)).isEmpty();
        assertThat(only(Transfer.class, stop)).singleElement().satisfies(tr -> {
            assertThat(tr.from()).isEqualTo(PowerState.ON_GENERATOR);
            assertThat(tr.to()).isEqualTo(PowerState.ON_MAINS);
            assertThat(tr.duration()).isEqualTo(Duration.ofMillis(10_600 - 8100)); // generator LOST after 500 ms
        });
        List<Output> later = run(5000);
        assertThat(states(later)).isEmpty();
        assertThat(only(SourceChanged.class, later)).singleElement()
                .satisfies(c -> assertThat(c.to()).isEqualTo(SourceState.AVAILABLE));
        assertThat(states(all)).containsExactly("ON_MAINS");
    }

    @Test
    void mainsLostBeforeTheUpsFlagIsConfirmedSaysSo() {
        run(1000);
        mains = live(0, 0);
        run(300);
        ups = ups(true, 95, 1800); // read on battery 300 ms after mains went
        List<Output> out = run(300);
        assertThat(states(out)).containsExactly("ON_UPS_BATTERY");
        assertThat(only(StateChanged.class, out).get(0).reason()).contains("the UPS says on battery, not yet for the loss delay");
        assertThat(run(1000)).isEmpty(); // the flag confirmed: the same state
    }

    @Test
    void mainsLostWhileTheUpsReadSinceStaysOnLineIsNoBatteryBridge() {
        run(1000);
        mains = live(0, 0); // the mains meter reads nothing from 1100; the UPS, read with it, stays on line
        List<Output> out = run(2000);
        assertThat(only(SourceChanged.class, out)).singleElement()
                .satisfies(c -> assertThat(c.to()).isEqualTo(SourceState.LOST)); // the mains-lost alarm rests on it
        assertThat(states(out)).containsExactly("UNKNOWN");
        assertThat(only(StateChanged.class, out).get(0).reason()).contains("the UPS, read since, reports it runs on line");
        assertThat(only(Bridged.class, all)).isEmpty();
        assertThat(m.upsOnLineDespiteLoss()).isTrue();
        ups = ups(true, 95, 1800); // now the UPS does go to battery: that is a bridge
        assertThat(states(run(1000))).containsExactly("ON_UPS_BATTERY");
        assertThat(m.upsOnLineDespiteLoss()).isFalse();
    }

    @Test
    void aUpsReadOnlyBeforeTheLossIsNoEvidenceAgainstIt() {
        upsPollMs = 2000; // read at 100, 2000, 4000
        run(1000);
        mains = live(0, 0); // read from 1100, LOST at 1600
        run(900); // 1900: the UPS last read at 100
        assertThat(m.state()).isEqualTo(PowerState.ON_UPS_BATTERY);
        assertThat(only(StateChanged.class, all).get(1).reason()).contains("the UPS, not read since the loss, said on line");
        run(100); // 2000: the UPS read again, still on line
        assertThat(m.state()).isEqualTo(PowerState.UNKNOWN);
    }
}

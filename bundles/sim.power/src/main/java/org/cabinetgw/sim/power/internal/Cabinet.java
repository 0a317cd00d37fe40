package org.cabinetgw.sim.power.internal;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The simulated electrical situation: mains, generator and UPS. All state behind this object's lock;
 * the devices read consistent snapshots from it. Noise (±0.5 V, ±0.02 Hz) makes values plausible
 * without ever crossing a default threshold.
 */
final class Cabinet {

    /** One AC source as its meter sees it. */
    record Source(boolean on, double voltage, double frequency, double powerWatts, double energyKwh) {
    }

    /** The UPS as its map reports it. */
    record Ups(boolean onBattery, double chargePercent, long runtimeSeconds, double inputVoltage, double outputVoltage,
            double frequency, int loadPercent) {
    }

    private final boolean noise;
    private boolean mainsOn = true;
    private double mainsVoltage = 230;
    private double mainsFrequency = 50;
    private boolean generatorOn;
    private double generatorVoltage = 231;
    private double generatorFrequency = 50.1;
    private boolean upsOnBattery;
    private double upsCharge = 100;
    private double loadWatts = 1200;
    private double mainsEnergy = 12345.6;
    private double generatorEnergy = 321.0;
    private long lastUpdate = System.nanoTime();

    Cabinet(boolean noise) {
        this.noise = noise;
    }

    synchronized Source mains() {
        advance();
        return source(mainsOn, mainsVoltage, mainsFrequency, mainsOn && !upsOnBattery, mainsEnergy);
    }

    synchronized Source generator() {
        advance();
        return source(generatorOn, generatorVoltage, generatorFrequency, !mainsOn && generatorOn && !upsOnBattery,
                generatorEnergy);
    }

    synchronized Ups ups() {
        advance();
        // runtime scales with charge: 40 minutes at full charge and this load
        long runtime = Math.round(upsCharge / 100.0 * 2400);
        double in = mainsOn ? mainsVoltage : generatorOn ? generatorVoltage : 0;
        return new Ups(upsOnBattery, Math.round(upsCharge * 10) / 10.0, runtime, in, 230, 50, (int) (loadWatts / 30));
    }

    private Source source(boolean on, double v, double f, boolean feeding, double energy) {
        if (!on) {
            return new Source(false, 0, 0, 0, energy);
        }
        double jitterV = noise ? ThreadLocalRandom.current().nextDouble(-0.5, 0.5) : 0;
        double jitterF = noise ? ThreadLocalRandom.current().nextDouble(-0.02, 0.02) : 0;
        return new Source(true, v + jitterV, f + jitterF, feeding ? loadWatts : 0, energy);
    }

    /** Energy counters and UPS charge follow the time that passed. */
    private void advance() {
        long now = System.nanoTime();
        double hours = (now - lastUpdate) / 3.6e12;
        lastUpdate = now;
        double kwh = loadWatts / 1000 * hours;
        if (upsOnBattery) {
            upsCharge = Math.max(0, upsCharge - hours * 150); // a 40-minute battery
        } else {
            upsCharge = Math.min(100, upsCharge + hours * 50);
            if (mainsOn) {
                mainsEnergy += kwh;
            } else if (generatorOn) {
                generatorEnergy += kwh;
            }
        }
    }

    synchronized void mains(boolean on) {
        advance();
        mainsOn = on;
    }

    synchronized void generator(boolean on) {
        advance();
        generatorOn = on;
    }

    synchronized void upsOnBattery(boolean onBattery) {
        advance();
        upsOnBattery = onBattery;
    }

    synchronized void upsCharge(double percent) {
        advance();
        upsCharge = percent;
    }

    synchronized void voltage(String source, double volts) {
        if (source.equals("mains")) {
            mainsVoltage = volts;
        } else {
            generatorVoltage = volts;
        }
    }

    synchronized void frequency(String source, double hertz) {
        if (source.equals("mains")) {
            mainsFrequency = hertz;
        } else {
            generatorFrequency = hertz;
        }
    }

    synchronized String describe() {
        return String.format(Locale.ROOT, "mains %s %.1f V %.2f Hz, generator %s %.1f V %.2f Hz, UPS %s %.1f %%",
                mainsOn ? "on" : "off", mainsVoltage, mainsFrequency, generatorOn ? "on" : "off", generatorVoltage,
                generatorFrequency, upsOnBattery ? "on battery" : "on line", upsCharge);
    }
}

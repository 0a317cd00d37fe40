package org.cabinetgw.uplink.internal.bench;

import java.nio.file.Path;

/** End-to-end QoS 1 to a real Mosquitto: filled in with the MQTT transport. */
final class EndToEndBenchmark {
    private EndToEndBenchmark() {
    }

    static void run(Path root, int messages) {
        System.out.println("2. End-to-end (not yet)");
    }
}

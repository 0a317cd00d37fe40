package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.LinkType;
import org.cabinetgw.network.NetworkEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher runs a real process in place of mmcli: a script that prints a fixture for {@code -m N -K} and logs
 * every call, since a ModemManager with a modem cannot run in a test. Time is a fake clock.
 */
class CellularWatcherTest {

    @TempDir
    Path dir;
    private Path calls;
    private Path output;
    private final AtomicLong clock = new AtomicLong(10_000_000);
    private final RecordingSink sink = new RecordingSink();
    private final AtomicReference<LinkStatus> link = new AtomicReference<>();

    @BeforeEach
    void setUp() throws IOException {
        calls = dir.resolve("calls.log");
        output = dir.resolve("output.txt");
        Files.writeString(output, MmcliParserTest.fixture("connected-lte.txt"));
    }

    private Path script(String body) throws IOException {
        Path s = dir.resolve("mmcli");
        Files.writeString(s, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private CellularWatcher watcher(String mmcli, int budget) {
        return new CellularWatcher("cellular", "0", new CommandRunner(List.of(), 5000), mmcli,
                new ResetBudget(budget, 3_600_000), 60_000, clock::get, sink, () -> Optional.ofNullable(link.get()));
    }

    private CellularWatcher fakeMmcli(int budget) throws IOException {
        Path s = script("case \"$1\" in -m) cat '" + output + "';; -b) exit 0;; esac\n");
        return watcher(s.toString(), budget);
    }

    private static LinkStatus linkIn(LinkState state, long since) {
        return new LinkStatus("cellular", LinkType.CELLULAR, "wwan0", 2, true, state, "", Instant.ofEpochMilli(since), 100, -1);
    }

    @Test
    void readsTheModemAndPostsItsState() throws IOException {
        CellularWatcher w = fakeMmcli(3);
        w.poll();
        assertThat(w.health().state()).isEqualTo(HealthState.UP);
        assertThat(sink.of(NetworkEvents.MODEM_CHANGED)).singleElement().satisfies(e -> assertThat(e)
                .containsEntry(NetworkEvents.MODEM_STATE, "connected").containsEntry(NetworkEvents.ACCESS_TECHNOLOGY, "lte")
                .containsEntry(NetworkEvents.SIGNAL_QUALITY, 67).containsEntry(NetworkEvents.OPERATOR, "Telekom.de"));
        w.poll();
        assertThat(sink.of(NetworkEvents.MODEM_CHANGED)).hasSize(1); // nothing changed: no event
        assertThat(Files.readAllLines(calls)).containsExactly("-m 0 -K", "-m 0 -K");
    }

    @Test
    void resetsTheBearerWhenTheLinkIsDownButTheModemSaysConnectedWithinTheBudget() throws IOException {
        CellularWatcher w = fakeMmcli(2);
        link.set(linkIn(LinkState.DOWN, clock.get()));
        clock.addAndGet(59_000);
        w.poll();
        assertThat(sink.of(NetworkEvents.BEARER_RESET)).isEmpty(); // not down long enough yet
        clock.addAndGet(1_000);
        w.poll();
        assertThat(sink.of(NetworkEvents.BEARER_RESET)).singleElement().satisfies(e -> assertThat(e)
                .containsEntry(NetworkEvents.REASON, "reconnected").containsEntry(NetworkEvents.RESETS_LEFT, 1));
        assertThat(Files.readAllLines(calls)).contains("-b /org/freedesktop/ModemManager1/Bearer/0 --disconnect",
                "-b /org/freedesktop/ModemManager1/Bearer/0 --connect");
        clock.addAndGet(30_000);
        w.poll();
        assertThat(sink.of(NetworkEvents.BEARER_RESET)).hasSize(1); // the next only a reset-after later
        clock.addAndGet(30_000);
        w.poll();
        assertThat(sink.of(NetworkEvents.BEARER_RESET)).hasSize(2);
        // a wrong APN: the link never comes back, but the budget ends the resets
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(60_000);
            w.poll();
        }
        assertThat(sink.of(NetworkEvents.BEARER_RESET)).hasSize(2);
        assertThat(w.health().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(w.health().reason()).contains("budget exhausted");
    }

    @Test
    void noResetWhileTheLinkIsHeldDownForADrillOrTheModemIsNotConnected() throws IOException {
        CellularWatcher w = fakeMmcli(3);
        link.set(linkIn(LinkState.HELD_DOWN, clock.get()));
        clock.addAndGet(600_000);
        w.poll();
        Files.writeString(output, MmcliParserTest.fixture("searching-no-bearer.txt"));
        link.set(linkIn(LinkState.DOWN, clock.get() - 600_000));
        w.poll();
        assertThat(sink.of(NetworkEvents.BEARER_RESET)).isEmpty();
        assertThat(w.health().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(w.health().reason()).isEqualTo("modem searching, registration searching");
    }

    @Test
    void withoutModemManagerTheLinkIsAPlainInterface() {
        CellularWatcher w = watcher(dir.resolve("no-such-mmcli").toString(), 3);
        w.poll();
        assertThat(w.health().state()).isEqualTo(HealthState.UP);
        assertThat(w.health().reason()).contains("not present");
    }

    @Test
    void aModemFaultWhileAnotherLinkCarriesTheTrafficIsCoveredSoDegraded() throws IOException {
        Path failing = script("echo 'error: modem not found' >&2; exit 1\n");
        AtomicReference<LinkStatus> active = new AtomicReference<>(new LinkStatus("wired", LinkType.WIRED, "eth0", 1,
                false, LinkState.UP, "", Instant.EPOCH, 0, 3));
        CellularWatcher w = new CellularWatcher("cellular", "0", new CommandRunner(List.of(), 5000), failing.toString(),
                new ResetBudget(3, 3_600_000), 60_000, clock::get, sink, () -> Optional.ofNullable(link.get()),
                () -> Optional.ofNullable(active.get()));
        w.poll();
        assertThat(w.health().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(w.health().reason()).isEqualTo("mmcli -m 0 failed with exit code 1: error: modem not found; "
                + "covered by wired");

        // nothing covers it when the link carrying the traffic is this one, or none is up
        active.set(linkIn(LinkState.UP, 0));
        w.poll();
        assertThat(w.health().state()).isEqualTo(HealthState.DOWN);
        active.set(new LinkStatus("wired", LinkType.WIRED, "eth0", 1, false, LinkState.DOWN, "", Instant.EPOCH, 100, -1));
        w.poll();
        assertThat(w.health().state()).isEqualTo(HealthState.DOWN);
        active.set(null);
        w.poll();
        assertThat(w.health().state()).isEqualTo(HealthState.DOWN);
    }

    @Test
    void unexpectedOutputOrAFailingMmcliIsDownWithTheReason() throws IOException {
        Files.writeString(output, "<html>Surprise</html>\n");
        CellularWatcher w = fakeMmcli(3);
        link.set(linkIn(LinkState.DOWN, 0));
        w.poll();
        assertThat(w.health().state()).isEqualTo(HealthState.DOWN);
        assertThat(w.health().reason()).startsWith("mmcli printed something unexpected").contains("Surprise");
        assertThat(sink.of(NetworkEvents.BEARER_RESET)).isEmpty();

        CellularWatcher failing = watcher(script("echo 'error: modem not found' >&2; exit 1\n").toString(), 3);
        failing.poll();
        assertThat(failing.health().state()).isEqualTo(HealthState.DOWN);
        assertThat(failing.health().reason()).isEqualTo("mmcli -m 0 failed with exit code 1: error: modem not found");
    }

    @Test
    void resetBudgetSlides() {
        ResetBudget b = new ResetBudget(2, 1000);
        assertThat(b.tryUse(0)).isTrue();
        assertThat(b.tryUse(500)).isTrue();
        assertThat(b.tryUse(999)).isFalse();
        assertThat(b.nextAvailable(999)).isEqualTo(1000);
        assertThat(b.tryUse(1000)).isTrue();
        assertThat(b.left(1000)).isZero();
        assertThat(b.left(1500)).isEqualTo(1);
        assertThat(new ResetBudget(0, 1000).tryUse(0)).isFalse();
    }
}

package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.network.LinkType;
import org.cabinetgw.network.NetworkEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orderly stop is not an outage: links leaving one by one switch nothing and raise no {@code all_down}, and
 * every rule and table is removed to the end. The iproute2 backend runs a real program standing in for
 * {@code ip}: it logs each command, answers {@code rule show} with a rule and is slow on {@code rule del},
 * the command a stop used to interrupt.
 */
class OrderlyStopTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final RecordingSink sink = new RecordingSink();
    private LinkManagerEngineTest.Listener wiredServer;
    private LinkManagerEngineTest.Listener cellularServer;
    private LinkMonitor wired;
    private LinkMonitor cellular;
    private LinkManagerEngine engine;
    private Path log;

    @TempDir
    Path dir;

    private static final HealthPolicy POLICY = new HealthPolicy(10, 2, 3, 100.0, 60_000, 60_000, 0, 0);

    private LinkMonitor link(String name, int priority, int port) {
        LinkSettings s = LinkSettings.of(name, "lo", priority == 1 ? LinkType.WIRED : LinkType.CELLULAR, priority,
                false, "", "127.0.0.1", 0, new String[] {"tcp://127.0.0.1:" + port}, 100, 5000, 500, 200, POLICY);
        return new LinkMonitor(s, clock::get, new InterfaceInspector());
    }

    @BeforeEach
    void setUp() throws Exception {
        log = dir.resolve("ip.log");
        Path ip = dir.resolve("ip");
        Files.writeString(ip, "#!/bin/sh\n"
                + "echo \"$*\" >> '" + log + "'\n"
                + "case \"$*\" in\n"
                + "  *'rule show'*) echo \"$5: from 127.0.0.1 lookup 1$5\" ;;\n"
                + "  *'rule del'*) sleep 0.4; echo \"done $*\" >> '" + log + "' ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(ip, PosixFilePermissions.fromString("rwx------"));
        wiredServer = new LinkManagerEngineTest.Listener(0);
        cellularServer = new LinkManagerEngineTest.Listener(0);
        engine = new LinkManagerEngine(new Iproute2Backend(new CommandRunner(List.of(), 5000), ip.toString()),
                10_000, sink, clock::get);
        wired = link("wired", 1, wiredServer.port);
        cellular = link("cellular", 2, cellularServer.port);
        engine.addLink(wired);
        engine.addLink(cellular);
        for (int i = 0; i < 4; i++) {
            clock.addAndGet(100);
            wired.runRound();
            cellular.runRound();
            engine.awaitIdle();
        }
        assertThat(engine.activeName()).isEqualTo("wired");
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        wiredServer.close();
        cellularServer.close();
    }

    private List<String> commands() throws Exception {
        return Files.readAllLines(log);
    }

    @Test
    void linksLeavingDuringAStopSwitchNothingAndRaiseNoAlarm() throws Exception {
        int switches = sink.of(NetworkEvents.SWITCHED).size();
        int commandsBefore = commands().size();
        engine.stop();
        engine.removeLink(wired);
        engine.awaitIdle();
        engine.removeLink(cellular);
        engine.awaitIdle();
        assertThat(sink.of(NetworkEvents.ALL_DOWN)).isEmpty();
        assertThat(sink.of(NetworkEvents.SWITCHED)).hasSize(switches);
        // the stop began with wired active: the default route was never moved to cellular
        assertThat(commands().subList(commandsBefore, commands().size()))
                .noneMatch(c -> c.contains("route replace default"));
    }

    @Test
    void closeRemovesEveryRuleAndTableToTheEnd() throws Exception {
        List<String> before = commands();
        assertThat(before).anyMatch(c -> c.startsWith("-4 rule add from 127.0.0.1 lookup"));
        engine.close();
        List<String> after = commands().subList(before.size(), commands().size());
        // both links' rules deleted, each deletion finished (not interrupted), both tables flushed
        assertThat(after.stream().filter(c -> c.startsWith("-4 rule del pref"))).hasSize(2);
        assertThat(after.stream().filter(c -> c.startsWith("done -4 rule del pref"))).hasSize(2);
        assertThat(after.stream().filter(c -> c.startsWith("-4 route flush table"))).hasSize(2);
        assertThat(after).noneMatch(c -> c.contains("route replace"));
        assertThat(sink.of(NetworkEvents.ALL_DOWN)).isEmpty();
    }
}

package org.cabinetgw.campaign;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.JsonObject;

import org.cabinetgw.testing.LocalMosquitto;

/**
 * Everything the gateway lives with during the campaign, all real processes or sockets on this machine: the
 * cloud (Mosquitto, reached through a relay that can blackhole), the HTTP fallback endpoint (which also serves
 * the producer's package), the independent subscriber, a Modbus meter, an mdstat file, when root a tiny tmpfs
 * for the uplink's queue, when libfaketime is installed a clock the gateway alone sees; and the gateway jar.
 */
final class World implements AutoCloseable {

    static final String PREFIX = "campaign";
    static final String GATEWAY = "gw-campaign";
    static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    final Path dir;
    final Path module;
    /**
     * The cloud: a real Mosquitto with persistence, so that a broker killed with SIGKILL and started again still
     * holds the independent subscriber's session (clean session off) and queues what the gateway publishes before
     * the subscriber is back; the fault saves its database just before the kill, as its autosave would have done a
     * moment earlier.
     */
    final LocalMosquitto broker;
    final FaultProxy proxy;
    final HttpEndpoint http;
    final ProbeTarget wired;
    final ProbeTarget cellular;
    final java.util.List<ModbusMeterPeer> meters = new java.util.ArrayList<>();
    /** Meter {@link #LIBMODBUS} (feeder-e): libmodbus's own server; null without gcc and libmodbus-dev. */
    final LibmodbusMeter libmodbus;
    final Path mdstat;
    final Path queue;
    final boolean queueOnTmpfs;
    final GatewayUnderTest gateway;
    final CommandCloud cloud;
    /** The gateway in a network namespace with real links (root, iproute2, socat), else null: all on loopback. */
    final CabinetNetwork net;
    Deliveries deliveries;
    /** The failover coordinator's messages as the cloud receives them. */
    CloudEvents events;
    Flapping flapping;
    /** The long campaign (or -Dcampaign.all): faults of a minute or more run too. */
    boolean longRun;
    /** The gateway's console line count when the last fault was injected. */
    int logMark;
    /** The clock fault: how long the restart under libfaketime took, and how many messages were stamped ahead. */
    double clockRestartSeconds;
    long stampedAhead;
    /** The highest number delivered just before the clock's step: only later messages tell what the step did. */
    long clockSeqMark;
    /** Where the last corruption was written (for the row). */
    String corruptedAt;
    /** The queue-full-until-a-new-segment fault: ms until the uplink wrote again with the disk still full, -1 never. */
    long queueWritesAgainMillis;
    /** The gateway's threads by name at the baseline (ThreadNames), to say which a row's threads Δ are. */
    java.util.Map<String, Integer> baselineThreadNames = java.util.Map.of();
    /** The producer's version installed now (the bad-packages fault alternates 1.0.0 and 2.0.0). */
    String producerVersion = "1.0.0";
    /** What the last bad-packages fault's jobs ended with. */
    java.util.List<String> badPackageOutcomes;
    private long jobs = 1000;
    /** The web console's password (written for the first start: --console-password-file). */
    static final String CONSOLE_PASSWORD = "campaign-console-secret";

    long nextJob() {
        return ++jobs;
    }
    Health baseline;
    int baselineThreads;
    int baselineFds;
    /** The heap in use after a full collection at the baseline (jcmd), -1 when unknown. */
    long baselineHeapKiB;

    World(Path module, Path dir, long seed) throws Exception {
        this.module = module;
        this.dir = dir;
        byte[] producer = Files.readAllBytes(producerPackage(module)); // before anything is started
        try {
        broker = new LocalMosquitto(dir.resolve("broker")).withPersistence()
                .with("autosave_interval 5\nmax_queued_messages 0").start();
        proxy = new FaultProxy(broker.port);
        http = new HttpEndpoint(producer);
        for (int i = 0; i < METERS; i++) {
            meters.add(new ModbusMeterPeer(seed + i));
        }
        libmodbus = LibmodbusMeter.available() ? LibmodbusMeter.start(module) : null;
        wired = new ProbeTarget();
        cellular = new ProbeTarget();
        mdstat = dir.resolve("mdstat");
        Files.writeString(mdstat, MdstatFixtures.clean(module));
        queue = dir.resolve("queue");
        Files.createDirectories(queue);
        queueOnTmpfs = Tmpfs.mount(queue, 16);
        int healthPort = freePort();
        net = namespaces() ? new CabinetNetwork(dir) : null;
        if (net != null) {
            java.util.List<Integer> meterPorts = new java.util.ArrayList<>(meters.stream().map(ModbusMeterPeer::port).toList());
            if (libmodbus != null) {
                meterPorts.add(libmodbus.port());
            }
            net.connect(proxy.port(), http.port(), healthPort, meterPorts);
        }
        Files.writeString(dir.resolve("console-password"), CONSOLE_PASSWORD + "\n");
        Path site = Files.writeString(dir.resolve("site.json"), site());
        gateway = new GatewayUnderTest(module.resolve("../runtime/target/cabinetgw.jar").normalize(),
                dir.resolve("data"), site, healthPort, dir.resolve("gateway.out"), Map.of(),
                net == null ? java.util.List.of() : net.gw.execPrefix());
        cloud = new CommandCloud(broker.port, PREFIX, GATEWAY);
        } catch (Throwable t) {
            // what was started before the failure (broker, tmpfs, namespaces) must not outlive it
            try {
                close();
            } catch (Exception | Error cleanup) {
                t.addSuppressed(cleanup);
            }
            throw t;
        }
    }

    /**
     * Real links unless {@code -Dcampaign.namespaces=false} or this machine cannot make namespaces (not root, no
     * iproute2 or socat): then every neighbour is on loopback and the links are the simulated backend's.
     */
    static boolean namespaces() {
        return !"false".equals(System.getProperty("campaign.namespaces")) && CabinetNetwork.available();
    }

    /** The HTTP endpoint as the gateway reaches it. */
    String httpBase() {
        return net == null ? http.base() : "http://" + CabinetNetwork.HTTP + ":" + CabinetNetwork.HTTP_PORT;
    }

    /** When the clock fault's step forward and back happen, in seconds of the gateway process's life. */
    static final int STEP_AFTER_SECONDS = 90;
    static final int STEP_BACK_AFTER_SECONDS = 120;

    /**
     * The environment that runs the gateway under libfaketime with its wall clock {@code offsetSeconds} off (an
     * hour ahead, or behind) from
     * {@link #STEP_AFTER_SECONDS} to {@link #STEP_BACK_AFTER_SECONDS} after its start: a step forward and one
     * back, with nothing read from a file. Its monotonic clock is left real (FAKETIME_DONT_FAKE_MONOTONIC), as a
     * real step (NTP, date -s) leaves it; file timestamps are not faked (NO_FAKE_STAT). Measured here: a clock read
     * costs 1.5 times a native one before the step and 7 times during it (4 million reads: 0.9 s native, 1.3 s
     * before, 6.7 s during); the earlier FAKETIME_TIMESTAMP_FILE setup cost 7 to 20 times all along.
     */
    Map<String, String> faketimeEnvironment(int offsetSeconds) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LD_PRELOAD", FAKETIME.toString());
        env.put("FAKETIME", (offsetSeconds >= 0 ? "+" : "") + offsetSeconds);
        env.put("FAKETIME_START_AFTER_SECONDS", Integer.toString(STEP_AFTER_SECONDS));
        env.put("FAKETIME_STOP_AFTER_SECONDS", Integer.toString(STEP_BACK_AFTER_SECONDS));
        env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        env.put("NO_FAKE_STAT", "1");
        return env;
    }

    private String site() {
        return """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "campaign.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.failover.coordinator": {"startup.settle.seconds": 1},
                 "org.cabinetgw.uplink": {"failover.seconds": 5, "failback.hold.seconds": 3, "retry.max.seconds": 2,
                     "segment.megabytes": 1, "data.directory": "%s"},
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://%s", "client.id": "%s", "topic.prefix": "%s",
                     "keep.alive.seconds": 5, "connect.timeout.seconds": 3, "reconnect.initial.millis": 100,
                     "reconnect.max.seconds": 2},
                 "org.cabinetgw.uplink.http": {"endpoint": "%s/ingest"},
                 "org.cabinetgw.deploy.agent": {"download.allow.http": true, "command.requesters": "%s",
                     "health.gate.seconds": 20, "download.connect.timeout.seconds": 3, "download.read.timeout.seconds": 5},
                 "org.cabinetgw.deploy.fixture.internal.FixtureComponent": {"telemetry.interval.millis": 50},
                 "org.cabinetgw.storage.raid": {"mdstat.path": "%s", "mdadm.path": "", "poll.seconds": 1},
                 %s,
                 %s%s
                }
                """.formatted(queue, net == null ? "127.0.0.1:" + proxy.port() : CabinetNetwork.BROKER + ":" + CabinetNetwork.BROKER_PORT,
                GATEWAY, PREFIX, httpBase(), CommandCloud.REQUESTER, mdstat, links(), meterSettings(),
                queueOnTmpfs ? queueMonitor() : "");
    }

    /**
     * Two links, wired (priority 1) and cellular (2). In namespaces: the iproute2 backend on the veth pairs, each
     * probing the cloud's probe target through its own interface. On loopback: the simulated backend, each link
     * probing a port of the campaign's that it can close (no route changes).
     */
    private String links() {
        String damping = "\"flap.window.seconds\": 60, \"flap.hold.initial.seconds\": 2, \"flap.hold.max.seconds\": 8";
        if (net == null) {
            return """
                 "org.cabinetgw.network.manager": {"backend": "simulated", "failback.hold.seconds": 5},
                 "org.cabinetgw.network.link~wired": {"name": "wired", "interface.name": "lo", "source.address": "127.0.0.1",
                     "type": "WIRED", "priority": 1, "probe.targets": ["tcp://127.0.0.1:%d"], %s},
                 "org.cabinetgw.network.link~cellular": {"name": "cellular", "interface.name": "lo",
                     "source.address": "127.0.0.1", "type": "CELLULAR", "priority": 2, "metered": false,
                     "probe.targets": ["tcp://127.0.0.1:%d"], %s}""".formatted(wired.port(), damping, cellular.port(), damping);
        }
        String probe = "tcp://" + CabinetNetwork.SERVICES + ":" + CabinetNetwork.PROBE_PORT;
        return """
                 "org.cabinetgw.network.manager": {"backend": "iproute2", "failback.hold.seconds": 5},
                 "org.cabinetgw.network.link~wired": {"name": "wired", "interface.name": "w0", "source.address": "%s",
                     "gateway": "10.1.0.1", "type": "WIRED", "priority": 1, "probe.targets": ["%s"], %s},
                 "org.cabinetgw.network.link~cellular": {"name": "cellular", "interface.name": "c0",
                     "source.address": "%s", "gateway": "10.2.0.1", "type": "CELLULAR", "priority": 2, "metered": false,
                     "probe.targets": ["%s"], %s}""".formatted(CabinetNetwork.WIRED, probe, damping, CabinetNetwork.CELLULAR,
                probe, damping);
    }

    /** One meter per meter fault: silent, garbage, exceptions, unsteady-then-silent. */
    static final int METERS = 4;
    /** The independent meter's index (after the campaign's own): feeder-e. */
    static final int LIBMODBUS = METERS;

    /** The campaign's meters and, when it runs, the libmodbus one. */
    int meterCount() {
        return libmodbus == null ? METERS : METERS + 1;
    }

    static String meterName(int i) {
        return "feeder-" + (char) ('a' + i);
    }

    static String meterComponent(int i) {
        return "power.meter." + meterName(i);
    }

    /** Meter {@code i}'s settings as the site file gives them (the web console's form posts them all). */
    Map<String, String> meterSettings(int i) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("meter.name", meterName(i));
        m.put("meter.role", "FEEDER");
        m.put("host", "127.0.0.1");
        int local = i == LIBMODBUS ? libmodbus.port() : meters.get(i).port();
        m.put("port", Integer.toString(net == null ? local : CabinetNetwork.meterPort(i)));
        m.put("preset", "CUSTOM");
        m.put("custom.points", "voltage;holding;0;uint16;ABCD;0.1;0;V");
        m.put("poll.millis", "500");
        m.put("timeout.millis", "500");
        m.put("retries", "0");
        m.put("max.backoff.millis", "1000");
        m.put("telemetry.every", "0");
        return m;
    }

    /** One meter per peer, each on a line of its own. */
    private String meterSettings() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < meterCount(); i++) {
            JsonObject o = new JsonObject();
            meterSettings(i).forEach((k, v) -> {
                if (k.equals("custom.points")) {
                    com.google.gson.JsonArray a = new com.google.gson.JsonArray();
                    a.add(v);
                    o.add(k, a);
                } else if (v.matches("\\d+")) {
                    o.addProperty(k, Long.parseLong(v));
                } else {
                    o.addProperty(k, v);
                }
            });
            b.append(i == 0 ? "" : ",\n").append(" \"org.cabinetgw.power.meter~").append(meterName(i)).append("\": ").append(o);
        }
        return b.toString();
    }

    /**
     * The producer's package as this worktree's build made it: signed by the same build key the jar beside it
     * trusts (a copy resolved from the local repository may be signed by another build's key, and refused).
     */
    static Path producerPackage(Path module) {
        return module.resolve("../kura-deploy/fixtures/v1/target/org.cabinetgw.dp.fixture.v1.dp").normalize();
    }

    /** The queue's filesystem watched as an integrator would: it is how a full disk shows before a write fails. */
    private String queueMonitor() {
        return """
                ,
                 "org.cabinetgw.storage.filesystem~queue": {"name": "queue", "mount.point": "%s", "poll.seconds": 5,
                     "min.free.percent": 10}""".formatted(queue);
    }

    /**
     * Starts the gateway, installs the producer over DEPLOY-V2 once the subscriber listens, waits until numbers
     * flow and /health is settled, and takes that as the baseline every fault is measured against.
     */
    void bringUp() throws Exception {
        gateway.start();
        awaitHealth(h -> h.up("uplink") && h.statuses().containsKey("deploy.agent")
                && !h.reason("deploy.agent").contains("installing the packages"), 300_000, "the gateway up, its packages installed");
        deliveries = Deliveries.start(broker.port, PREFIX + "/deploy/fixture", dir.resolve("subscriber.jsonl"), http);
        events = CloudEvents.start(broker.port, PREFIX, dir.resolve("events.jsonl"), http);
        cloud.connect();
        byte[] producer = Files.readAllBytes(producerPackage(module));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(producer));
        JsonObject reply = null;
        for (int i = 0; i < 30 && reply == null; i++) { // the transport subscribes to requests after it connected
            cloud.request("EXEC/download", "install" + i, CommandCloud.REQUESTER, """
                    "dp.uri": "%s/packages/producer.dp", "dp.name": "org.cabinetgw.deploy.fixture", "dp.version": "1.0.0",
                    "job.id": %d, "dp.download.hash": "SHA256:%s", "dp.install": true""".formatted(httpBase(), 100 + i, hash));
            reply = cloud.reply(CommandCloud.REQUESTER, "install" + i, 1000);
        }
        if (reply == null || reply.get("response.code").getAsInt() != 200) {
            throw new IllegalStateException("the producer's install was not accepted: " + reply);
        }
        long end = System.currentTimeMillis() + 90_000;
        while (deliveries.count().highest() < 40) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("the producer's numbers never flowed; gateway output: " + gateway.output());
            }
            Thread.sleep(200);
        }
        Thread.sleep(3000); // components settle (the fixture's health, the coordinator's first state)
        baseline = awaitHealth(h -> h.up("uplink") && h.up(meterComponent(0)) && h.up(meterComponent(meterCount() - 1))
                && h.up("storage.raid") && h.up("link.wired") && h.up("link.cellular"), 60_000,
                "uplink, meters, RAID and both links UP");
        // first: jcmd starts the attach listener and a full GC may start GC workers, threads the gateway then keeps
        baselineHeapKiB = gateway.heapAfterGcKiB();
        baselineThreads = gateway.threads();
        baselineThreadNames = ThreadNames.of(gateway.pid());
        baselineFds = gateway.fds();
    }

    Health awaitHealth(java.util.function.Predicate<Health> condition, long millis, String what) throws Exception {
        long end = System.currentTimeMillis() + millis;
        Health h = gateway.health();
        while (h == null || !condition.test(h)) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("/health never showed " + what + "; last: " + h);
            }
            Thread.sleep(200);
            h = gateway.health();
        }
        return h;
    }

    /** The producer's highest number the uplink accepted (its own bookkeeping in the bundle's data area). */
    long accepted() throws IOException {
        try (Stream<Path> files = Files.walk(gateway.data())) {
            Optional<Path> seq = files.filter(p -> p.getFileName().toString().equals("telemetry.seq")).findFirst();
            if (seq.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(Files.readString(seq.get(), StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException beingReplaced) {
                return 0;
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops what was started; null-safe, as a constructor that failed halfway calls it too. */
    @Override
    public void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gateway, cloud, deliveries, events, flapping}) {
            if (c != null) {
                c.close();
            }
        }
        for (ModbusMeterPeer m : meters) {
            m.close();
        }
        if (libmodbus != null) {
            libmodbus.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {http, proxy, wired, cellular, broker, net}) {
            if (c != null) {
                c.close();
            }
        }
        if (queueOnTmpfs) {
            Tmpfs.unmount(queue);
        }
    }
}

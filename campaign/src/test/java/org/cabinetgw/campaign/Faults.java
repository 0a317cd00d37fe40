package org.cabinetgw.campaign;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

/** The faults a cabinet sees, each as the campaign injects and removes it. */
final class Faults {

    private Faults() {
    }

    /** @param longRun the long campaign: faults that last minutes there last seconds in the short one */
    static List<Fault> all(boolean longRun) {
        return List.of(
                Fault.named("broker killed (SIGKILL), restarted after 3 s")
                        .inject(w -> {
                            if (w.net != null) {
                                w.net.brokerRefuses();
                            }
                            w.proxy.refuse();
                            w.broker.saveThenKill();
                        })
                        .seen((w, h) -> h != null && !h.up("uplink"))
                        .hold(3000)
                        .remove(w -> {
                            w.broker.start();
                            w.proxy.listenAgain();
                            if (w.net != null) {
                                w.net.brokerListens();
                            }
                            w.cloud.connect();
                        }).build(),
                Fault.named("broker blackholed past the HTTP switch time (5 s)")
                        .inject(w -> brokerAway(w, true, false))
                        .seen((w, h) -> h != null && !h.up("uplink"))
                        // held until the uplink delivers over HTTP (the switch itself takes failover.seconds): no
                        // fixed hold on top of it (CampaignIT's time)
                        .hold(0, (w, h) -> h != null && h.reason("uplink").contains("HTTP fallback"))
                        .remove(w -> brokerAway(w, false, false))
                        .episode("transport MQTT").build(),
                Fault.named("broker and HTTP endpoint both unreachable (blackhole) for " + (timed() ? "3 min" : "10 s"))
                        // long campaign only: it costs half a minute, which the short one (CampaignIT, ~140 s) cannot
                        // spend; 10 s with -Dcampaign.all=1, 3 min in the timed campaign (-Dcampaign.minutes); replay
                        // it alone: -Dcampaign.all=1 -Dcampaign.only="both unreachable" -Dcampaign.rounds=N (README
                        // "Findings": the 240 s it once stayed DEGRADED after the heal)
                        .needs("namespaces,long")
                        .inject(w -> brokerAway(w, true, true))
                        .seen((w, h) -> h != null && !h.up("uplink"))
                        .hold(timed() ? 180_000 : 10_000)
                        .remove(w -> brokerAway(w, false, true))
                        .episode("transport MQTT").build(),
                Fault.named("gateway killed (SIGKILL) mid-burst, restarted")
                        .inject(w -> w.gateway.kill9())
                        .seen((w, h) -> h == null && !w.gateway.alive())
                        .hold(0)
                        .remove(w -> w.gateway.start())
                        .action("restarted by its supervisor (as systemd Restart=always), same data directory").build(),
                // 10 s in the short campaign (CampaignIT's minutes, README "Measured"): still beyond the broker's
                // keep-alive timeout (1.5 x 5 s), the failover (5 s) and every poll timer
                Fault.named("gateway frozen (SIGSTOP) " + (longRun ? "15 s" : "10 s") + ", then SIGCONT")
                        .inject(w -> w.gateway.signal("STOP"))
                        .seen((w, h) -> h == null)
                        .holdFromInjection(longRun ? 15_000 : 10_000)
                        .remove(w -> w.gateway.signal("CONT"))
                        .action("none possible while frozen; resumed by SIGCONT").build(),
                Fault.named("remote command malformed, oversized, unauthorised")
                        .inject(Faults::hostileCommands)
                        .seen(Faults::hostileCommandsRefused)
                        .hold(0)
                        .action("the non-JSON body dropped with a WARN line (no requester to answer), the oversized answered 400, the stranger's 403").build(),
                Fault.named("wired link down (carrier lost), back after 3 s")
                        .prepare(Faults::trafficOnWired)
                        .inject(w -> linkDown(w, "wired", true))
                        .seen((w, h) -> h != null && !h.up("link.wired"))
                        .hold(3000)
                        .remove(w -> linkDown(w, "wired", false))
                        .episode("link wired").build(),
                Fault.named("wired link blackholed (carrier up, nothing comes back), healed after 3 s")
                        .prepare(Faults::trafficOnWired)
                        .needs("namespaces")
                        .inject(w -> w.net.blackholed("wired", true))
                        .seen((w, h) -> h != null && !h.up("link.wired"))
                        .hold(3000)
                        .remove(w -> w.net.blackholed("wired", false))
                        .episode("link wired").build(),
                Fault.named("wired link flapping every 2 s for " + (longRun ? "40 s" : "6 s"))
                        .prepare(Faults::trafficOnWired)
                        .needs("namespaces")
                        .inject(w -> w.flapping = Flapping.start(w.net, "wired", 2000))
                        .seen((w, h) -> h != null && !h.up("link.wired"))
                        .hold(longRun ? 40_000 : 6000)
                        .remove(w -> w.flapping.close())
                        .episode("link wired").build(),
                Fault.named("both links down, back after 3 s")
                        .inject(w -> {
                            linkDown(w, "wired", true);
                            linkDown(w, "cellular", true);
                        })
                        .seen((w, h) -> h != null && !h.up("link.wired") && !h.up("link.cellular"))
                        .hold(3000)
                        .remove(w -> {
                            linkDown(w, "wired", false);
                            linkDown(w, "cellular", false);
                        }).build(), // no episode expected: with both down there may be no failover at all
                meterFault("meter silent", 0, ModbusMeterPeer.Mode.SILENT),
                meterFault("meter answering garbage frames", 1, ModbusMeterPeer.Mode.GARBAGE),
                meterFault("meter answering exceptions", 2, ModbusMeterPeer.Mode.EXCEPTION),
                Fault.named("independent meter (libmodbus's server) killed, restarted after 3 s")
                        .needs("libmodbus")
                        .prepare(w -> meterUp(w, World.LIBMODBUS))
                        .inject(w -> {
                            if (w.net != null) {
                                w.net.meterRefuses(World.LIBMODBUS); // its address refuses, as on loopback
                            }
                            w.libmodbus.kill();
                        })
                        .seen((w, h) -> h != null && !h.up(World.meterComponent(World.LIBMODBUS)))
                        .hold(3000)
                        .remove(w -> {
                            w.libmodbus.restart();
                            if (w.net != null) {
                                w.net.meterListens(World.LIBMODBUS);
                            }
                        }).build(),
                Fault.named("meter unsteady (garbage frames), then silent: DOWN within its bound (10 s)")
                        .prepare(w -> {
                            meterUp(w, 3);
                            w.meters.get(3).mode(ModbusMeterPeer.Mode.GARBAGE);
                            w.awaitHealth(h -> h.reason(World.meterComponent(3)).contains("unsteady"), 60_000,
                                    World.meterComponent(3) + " unsteady");
                        })
                        .inject(w -> w.meters.get(3).mode(ModbusMeterPeer.Mode.SILENT))
                        // before the fix "unsteady" (DEGRADED) stood for the outage for up to 5 minutes
                        .seen((w, h) -> h != null && "DOWN".equals(h.status(World.meterComponent(3))))
                        .hold(1000)
                        .remove(w -> w.meters.get(3).mode(ModbusMeterPeer.Mode.HEALTHY)).build(),
                Fault.named("meter slow (answers after " + ModbusMeterPeer.SLOW_MILLIS + " ms of its 500 ms timeout)")
                        .prepare(w -> meterUp(w, 0))
                        .inject(w -> {
                            w.meters.get(0).mode(ModbusMeterPeer.Mode.SLOW);
                            Thread.sleep(3000); // six polls answered slowly
                        })
                        // nothing to detect: a meter answering within its timeout is a working meter; the row
                        // records what /health said (expected: no change) and that nothing flooded the log
                        .seen((w, h) -> h != null)
                        .hold(0)
                        .remove(w -> w.meters.get(0).mode(ModbusMeterPeer.Mode.HEALTHY)).build(),
                Fault.named("meter setting out of range through the web console (poll.millis 5), then corrected")
                        .prepare(w -> meterUp(w, 2))
                        .inject(w -> console(w, "poll.millis=5"))
                        .seen((w, h) -> h != null && "DOWN".equals(h.status(CONSOLE_REFUSAL)))
                        .hold(1000)
                        .remove(w -> console(w, "poll.millis=500")).build(),
                Fault.named("queue segment corrupted between two runs (SIGTERM, bytes flipped, start)")
                        .needs("long")
                        .inject(w -> {
                            w.gateway.stop();
                            w.corruptedAt = QueueDamage.corruptNewestSegment(w.queue);
                            w.gateway.start();
                        })
                        .seen((w, h) -> h != null && QueueDamage.reported(w.gateway.lines().subList(w.logMark, w.gateway.lines().size())))
                        .hold(0)
                        .action("restarted on the damaged queue; the uplink skipped the damaged records with a WARN line").build(),
                Fault.named("bad packages under load: bad hash, bad signature, throws in activate (rolled back)")
                        .needs("long")
                        .inject(w -> w.badPackageOutcomes = BadPackages.send(w))
                        .seen((w, h) -> BadPackages.allRefused(w.badPackageOutcomes))
                        .hold(0)
                        // the agent is DEGRADED ("rolled back") until the next good deployment: the producer's other version
                        .remove(BadPackages::deployTheOtherProducer)
                        // what each job ended with when one did not end as it should: the row says which and how
                        .describe(w -> BadPackages.allRefused(w.badPackageOutcomes)
                                ? "each refused (download FAILED: hash; FAILED: signature does not match; install FAILED,"
                                        + " previous version reinstalled), the producer running throughout"
                                : "not each refused as it should be: " + w.badPackageOutcomes).build(),
                Fault.named("/proc/mdstat garbage")
                        .inject(w -> write(w.mdstat, MdstatFixtures.garbage()))
                        .seen((w, h) -> h != null && !h.up("storage.raid"))
                        .hold(1000) // the RAID is polled every second: one more poll sees it still there
                        .remove(w -> write(w.mdstat, MdstatFixtures.clean(w.module))).build(),
                Fault.named("/proc/mdstat truncated")
                        .inject(w -> write(w.mdstat, MdstatFixtures.truncated(w.module)))
                        .seen((w, h) -> h != null && !h.up("storage.raid"))
                        .hold(1000)
                        .remove(w -> write(w.mdstat, MdstatFixtures.clean(w.module))).build(),
                Fault.named("RAID member failing, then rebuilt")
                        .inject(w -> write(w.mdstat, MdstatFixtures.failing(w.module)))
                        .seen((w, h) -> h != null && !h.up("storage.raid.md0"))
                        .hold(1000)
                        .remove(w -> {
                            write(w.mdstat, MdstatFixtures.rebuilding());
                            Thread.sleep(3000);
                            write(w.mdstat, MdstatFixtures.clean(w.module));
                        })
                        .episode("RAID md0").build(),
                Fault.named("queue filesystem full (tmpfs), then space again")
                        .needs("root")
                        .inject(w -> fill(w.queue.resolve("filler")))
                        // the uplink itself says so (before the fix only the filesystem monitor did, the uplink
                        // stayed UP until it needed a new segment)
                        .seen((w, h) -> h != null && !h.up("storage.fs.queue") && h.reason("uplink").contains("filesystem is full"))
                        .hold(3000)
                        .remove(w -> Files.deleteIfExists(w.queue.resolve("filler"))).build(),
                QueueFullUntilNewSegment.fault(),
                clockStep(+1),
                clockStep(-1));
    }

    /**
     * The gateway's wall clock stepped by {@code hours} (libfaketime, gateway only) and back 30 s later: the gateway
     * is restarted under libfaketime (unmeasured), the step comes at {@link World#STEP_AFTER_SECONDS} of its life.
     * Seen in the timestamps of what it delivers (an hour off: its clock, not the machine's); then everything must
     * stay at the baseline. Backwards first matters as much as forwards: timers and "since" computed from the wall
     * clock would then wait an hour.
     */
    private static Fault clockStep(int hours) {
        String sign = hours > 0 ? "+" : "-";
        String back = hours > 0 ? "-" : "+";
        int offset = hours * 3600;
        return Fault.named("wall clock stepped " + sign + Math.abs(hours) + " h, then back (" + back + Math.abs(hours)
                        + " h) 30 s later (gateway only, libfaketime)")
                .needs("faketime,long")
                .prepare(w -> {
                    w.gateway.stop();
                    w.gateway.start(w.faketimeEnvironment(offset));
                    w.awaitHealth(h -> h.differencesFrom(w.baseline).isEmpty(), 300_000,
                            "the gateway back under libfaketime");
                    w.clockRestartSeconds = w.gateway.age();
                    if (w.clockRestartSeconds > World.STEP_AFTER_SECONDS - 5) {
                        throw new IllegalStateException("the gateway under libfaketime took "
                                + Math.round(w.clockRestartSeconds) + " s to start, the step was due at "
                                + World.STEP_AFTER_SECONDS + " s");
                    }
                    while (w.gateway.age() < World.STEP_AFTER_SECONDS - 0.5) {
                        Thread.sleep(100);
                    }
                    w.clockSeqMark = w.deliveries.count().highest();
                })
                // the step is libfaketime's, at STEP_AFTER_SECONDS of the process's life: wait for it
                .inject(w -> Thread.sleep(Math.max(0, (long) ((World.STEP_AFTER_SECONDS - w.gateway.age()) * 1000))))
                // seen: the gateway stamps its messages an hour off (its wall clock, not the machine's)
                .seen((w, h) -> stampedOff(w, hours) > 0)
                .hold(0, (w, h) -> w.gateway.age() > World.STEP_BACK_AFTER_SECONDS + 1)
                .remove(w -> w.stampedAhead = stampedOff(w, hours))
                .cleanup(w -> {
                    w.gateway.stop();
                    w.gateway.start(Map.of());
                    w.awaitHealth(h -> h.differencesFrom(w.baseline).isEmpty(), 300_000, "the gateway back");
                })
                .describe(w -> "nothing to do: no component changed state; " + w.stampedAhead
                        + " messages stamped an hour " + (hours > 0 ? "ahead" : "behind") + " while it lasted; restart"
                        + " under libfaketime " + Math.round(w.clockRestartSeconds) + " s (unmeasured)").build();
    }

    /** Messages sent since the step was due, stamped 50 minutes or more off the campaign's clock in its direction. */
    private static long stampedOff(World w, int hours) throws IOException {
        java.time.Instant now = java.time.Instant.now();
        return w.deliveries.stamped(w.clockSeqMark, hours > 0 ? ts -> ts.isAfter(now.plusSeconds(3000))
                : ts -> ts.isBefore(now.minusSeconds(3000)));
    }

    /** The timed long campaign (-Dcampaign.minutes above 0), where some faults last minutes instead of seconds. */
    private static boolean timed() {
        String m = System.getProperty("campaign.minutes", "").trim();
        return !m.isEmpty() && Double.parseDouble(m) > 0;
    }

    /**
     * Each meter fault has a meter (and a line) of its own: a line that reconnected more than 5 times in 5 minutes
     * reports "unsteady" for the rest of the window, and that reason then stands for every failure, a total one
     * too (README, "Findings"), so a fault on a line still unsteady from the previous one could not be seen.
     * In a long campaign the fault waits (unmeasured) until its meter is UP again.
     */
    private static void meterUp(World w, int meter) throws Exception {
        w.awaitHealth(h -> h.up(World.meterComponent(meter)), 360_000, World.meterComponent(meter) + " UP");
    }

    private static Fault meterFault(String name, int meter, ModbusMeterPeer.Mode mode) {
        return Fault.named(name)
                .prepare(w -> meterUp(w, meter))
                .inject(w -> w.meters.get(meter).mode(mode))
                .seen((w, h) -> h != null && !h.up(World.meterComponent(meter)))
                .hold(1000) // short: more than 5 reconnects would hold the meter "unsteady" for 5 minutes
                .remove(w -> w.meters.get(meter).mode(ModbusMeterPeer.Mode.HEALTHY)).build();
    }

    static final String CONSOLE_PID = "org.cabinetgw.power.meter~" + World.meterName(2);
    static final String CONSOLE_REFUSAL = "config:" + CONSOLE_PID;

    /**
     * One setting of meter feeder-c through the web console's configuration API, as an operator's browser posts
     * it: the console keeps only the properties named in {@code propertylist} (Felix web console ConfigManager,
     * "remove the properties that are not specified in the request"), so the form carries every setting of the
     * meter, as the console's own form does, with {@code assignment} changed.
     */
    private static void console(World w, String assignment) throws IOException {
        String name = assignment.substring(0, assignment.indexOf('='));
        Map<String, String> settings = new java.util.LinkedHashMap<>(w.meterSettings(2));
        settings.put(name, assignment.substring(name.length() + 1));
        StringBuilder form = new StringBuilder("apply=true&action=ajaxConfigManager&propertylist=")
                .append(String.join(",", settings.keySet()));
        settings.forEach((k, v) -> form.append('&').append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        int status = w.gateway.postForm("/system/console/configMgr/" + CONSOLE_PID, form.toString(), "admin",
                World.CONSOLE_PASSWORD);
        if (status < 200 || status >= 400) {
            throw new IOException("the web console answered " + status + " to " + assignment);
        }
    }

    /**
     * Before a fault of the wired link (unmeasured): the gateway's traffic is on it. After a previous link fault the
     * route may still be on cellular (the fail-back hold, a wired link held down for flapping) while /health is
     * already back; a wired fault then needs no failover, and the history rightly records none (seen once). In
     * namespaces only (the route is the gateway's); on loopback the links are simulated and nothing is waited for.
     */
    private static void trafficOnWired(World w) throws Exception {
        if (w.net == null) {
            return;
        }
        long end = System.nanoTime() + 60_000_000_000L;
        while (!"w0".equals(w.net.defaultRouteDevice())) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the gateway's default route stayed on " + w.net.defaultRouteDevice()
                        + " for 60 s");
            }
            Thread.sleep(200);
        }
    }

    /** In namespaces the far end loses its carrier; on loopback the link's probe target stops listening. */
    private static void linkDown(World w, String link, boolean down) throws IOException {
        if (w.net != null) {
            w.net.carrier(link, !down);
        } else if (down) {
            (link.equals("wired") ? w.wired : w.cellular).refuse();
        } else {
            (link.equals("wired") ? w.wired : w.cellular).listen();
        }
    }

    /** In namespaces a blackhole route for what the broker (and the HTTP endpoint) send; on loopback the relay's. */
    static void brokerAway(World w, boolean away, boolean http) throws IOException {
        if (w.net != null) {
            w.net.cloudBlackholed(away, http);
        } else if (away) {
            w.proxy.blackhole();
        } else {
            w.proxy.heal();
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes zeros until the filesystem says it is full. */
    static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
        }
    }

    private static void hostileCommands(World w) throws Exception {
        w.cloud.send("GET/packages", "{\"request.id\":\"bad-json\",\"requester.client.id\":\"" + CommandCloud.REQUESTER
                + "\", this is not json");
        w.cloud.request("EXEC/download", "too-big", CommandCloud.REQUESTER, "\"dp.name\":\"" + "x".repeat(20_000) + "\"");
        w.cloud.request("EXEC/uninstall", "stranger", "campaign-stranger", "\"dp.name\":\"org.cabinetgw.deploy.fixture\"");
    }

    /**
     * Seen: the oversized request answered 400 (the deploy agent takes 16 KiB at most) and the unauthorised one 403;
     * a body that is not JSON names no requester to answer, so it is dropped with one WARN line.
     */
    private static boolean hostileCommandsRefused(World w, Health h) throws Exception {
        JsonObject big = w.cloud.reply(CommandCloud.REQUESTER, "too-big", 0);
        JsonObject stranger = w.cloud.reply("campaign-stranger", "stranger", 0);
        return big != null && big.get("response.code").getAsInt() == 400 && stranger != null
                && stranger.get("response.code").getAsInt() == 403;
    }
}

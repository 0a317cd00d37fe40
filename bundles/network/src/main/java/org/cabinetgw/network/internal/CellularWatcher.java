package org.cabinetgw.network.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.support.internal.health.HealthChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a cellular modem through ModemManager ({@code mmcli -m <modem> -K}) and reconnects its bearer when the
 * link has been DOWN for a while although the modem believes it is connected (a stale PDP context, the
 * classic silent cellular failure). Resets are limited by a {@link ResetBudget}. Without ModemManager the
 * link is a plain interface and this does nothing. Not thread-safe: one thread calls {@link #poll()}.
 */
final class CellularWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CellularWatcher.class);

    private final String link;
    private final String modem;
    private final CommandRunner runner;
    private final String mmcli;
    private final ResetBudget budget;
    private final long resetAfterMillis;
    private final LongSupplier clock;
    private final EventSink events;
    private final Supplier<Optional<LinkStatus>> linkStatus;
    /** The link carrying the traffic now, if any: a modem fault is covered while another link carries it. */
    private final Supplier<Optional<LinkStatus>> activeLink;

    private volatile Health health;
    /** IMEI, ICCID, IMSI, RSSI, firmware: for a cloud's view of the device (the network api's CellularModem). */
    private final ModemIdentityReader identity;
    private ModemStatus last;
    private long lastReset = Long.MIN_VALUE;
    private boolean budgetWarned;

    CellularWatcher(String link, String modem, CommandRunner runner, String mmcli, ResetBudget budget,
            long resetAfterMillis, LongSupplier clock, EventSink events, Supplier<Optional<LinkStatus>> linkStatus) {
        this(link, modem, runner, mmcli, budget, resetAfterMillis, clock, events, linkStatus, Optional::empty);
    }

    CellularWatcher(String link, String modem, CommandRunner runner, String mmcli, ResetBudget budget,
            long resetAfterMillis, LongSupplier clock, EventSink events, Supplier<Optional<LinkStatus>> linkStatus,
            Supplier<Optional<LinkStatus>> activeLink) {
        this.link = link;
        this.activeLink = activeLink;
        this.modem = modem;
        this.runner = runner;
        this.mmcli = mmcli;
        this.budget = budget;
        this.resetAfterMillis = resetAfterMillis;
        this.clock = clock;
        this.events = events;
        this.linkStatus = linkStatus;
        this.health = Health.down("modem not read yet", Instant.ofEpochMilli(clock.getAsLong()));
        this.identity = new ModemIdentityReader(link, runner, mmcli);
    }

    /** The modem's identity at its last successful poll. */
    Optional<org.cabinetgw.network.ModemIdentity> identity() {
        return identity.identity();
    }

    Health health() {
        return health;
    }

    /** The link covering this one's loss (the one rule, {@link LinkCoverage}), or null. */
    private String coveringLink() {
        Optional<LinkStatus> active;
        try {
            active = activeLink.get();
        } catch (RuntimeException stopping) {
            return null; // the link manager going away: nothing is known to cover the loss
        }
        return LinkCoverage.coveringLink(link, active).orElse(null);
    }

    ModemStatus modem() {
        return last;
    }

    void poll() {
        long now = clock.getAsLong();
        CommandRunner.Result result;
        try {
            result = runner.run(List.of(mmcli, "-m", modem, "-K"));
        } catch (RoutingException e) {
            if (e.getMessage().startsWith("cannot run")) {
                setHealth(HealthState.UP, "ModemManager (" + mmcli + ") not present: " + link
                        + " is a plain interface", now);
            } else {
                setHealth(HealthState.DOWN, "mmcli failed: " + e.getMessage(), now);
            }
            return;
        }
        if (result.exitCode() != 0) {
            setHealth(HealthState.DOWN, "mmcli -m " + modem + " failed with exit code " + result.exitCode() + ": "
                    + firstLine(result.output()), now);
            return;
        }
        ModemStatus status;
        try {
            status = MmcliParser.parse(result.output());
        } catch (IllegalArgumentException e) {
            setHealth(HealthState.DOWN, "mmcli printed something unexpected: " + e.getMessage(), now);
            return;
        }
        noteModem(status);
        identity.update(status);
        Optional<LinkStatus> ls = linkStatus.get();
        if (shouldReset(ls.orElse(null), status, lastReset, now, resetAfterMillis)) {
            reset(status, now);
        }
        if (budget.left(now) == 0 && ls.map(s -> s.state() == LinkState.DOWN).orElse(false) && status.connected()) {
            setHealth(HealthState.DEGRADED, "bearer reset budget exhausted; the link stays down although the modem "
                    + "reports connected: check the APN and the SIM", now);
        } else {
            setHealth(modemHealth(status), modemReason(status), now);
        }
    }

    /**
     * Reset when the link is DOWN (not held down: a drill or flap damping is no modem fault) for at least
     * {@code resetAfter} — counted from the later of its going down and the last reset — while the modem says
     * connected and has a bearer.
     */
    static boolean shouldReset(LinkStatus link, ModemStatus modem, long lastReset, long now, long resetAfter) {
        if (link == null || link.state() != LinkState.DOWN || !modem.connected() || modem.bearers().isEmpty()) {
            return false;
        }
        long downSince = Math.max(link.since().toEpochMilli(), lastReset);
        return now - downSince >= resetAfter;
    }

    private void reset(ModemStatus status, long now) {
        if (!budget.tryUse(now)) {
            if (!budgetWarned) {
                budgetWarned = true;
                LOG.warn("Cellular link {}: bearer reset budget exhausted; no further reset before {}", link,
                        Instant.ofEpochMilli(budget.nextAvailable(now)));
            }
            return;
        }
        budgetWarned = false;
        lastReset = now;
        String bearer = status.bearers().get(0);
        String outcome;
        try {
            runner.run(List.of(mmcli, "-b", bearer, "--disconnect"));
            CommandRunner.Result r = runner.run(List.of(mmcli, "-b", bearer, "--connect"));
            outcome = r.exitCode() == 0 ? "reconnected" : "reconnect failed: " + firstLine(r.output());
        } catch (RoutingException e) {
            outcome = "reconnect failed: " + e.getMessage();
        }
        LOG.warn("Cellular link {} was down while modem {} reported connected: bearer {} {} ({} resets left)", link,
                modem, bearer, outcome, budget.left(now));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(NetworkEvents.LINK, link);
        p.put(NetworkEvents.REASON, outcome);
        p.put(NetworkEvents.RESETS_LEFT, budget.left(now));
        events.post(NetworkEvents.BEARER_RESET, p);
    }

    private void noteModem(ModemStatus status) {
        ModemStatus previous = last;
        last = status;
        if (previous != null && previous.state().equals(status.state())
                && previous.accessTechnologies().equals(status.accessTechnologies())
                && previous.registration().equals(status.registration())
                && previous.operatorName().equals(status.operatorName())) {
            return; // signal quality alone changes all the time: not an event
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(NetworkEvents.LINK, link);
        p.put(NetworkEvents.MODEM_STATE, status.state());
        p.put(NetworkEvents.ACCESS_TECHNOLOGY, String.join(",", status.accessTechnologies()));
        p.put(NetworkEvents.SIGNAL_QUALITY, status.signalQuality());
        p.put(NetworkEvents.REGISTRATION, status.registration());
        p.put(NetworkEvents.OPERATOR, status.operatorName());
        events.post(NetworkEvents.MODEM_CHANGED, p);
    }

    private static HealthState modemHealth(ModemStatus s) {
        return switch (s.state()) {
            case "connected" -> HealthState.UP;
            case "failed", "disabled", "locked", "" -> HealthState.DOWN;
            default -> HealthState.DEGRADED; // registered, searching, connecting, enabling...
        };
    }

    private static String modemReason(ModemStatus s) {
        if (s.state().isEmpty()) {
            return "mmcli did not report the modem state";
        }
        if (s.connected()) {
            return "";
        }
        return "modem " + s.state() + (s.registration().isEmpty() ? "" : ", registration " + s.registration());
    }

    private void setHealth(HealthState state, String reason, long now) {
        // the health rule (bundles/core README): a loss covered by redundancy is DEGRADED, 503 only when the gateway
        // cannot do its job. A modem fault while another link carries the traffic is such a loss (found with the
        // real jar in namespaces: mmcli failing made /health 503 while wired carried everything).
        String carrier = state == HealthState.DOWN ? coveringLink() : null;
        if (carrier != null) {
            state = HealthState.DEGRADED;
            reason = LinkCoverage.coveredReason(reason, carrier);
        }
        Health old = health;
        Health next = old.next(state, reason, Instant.ofEpochMilli(now));
        health = next;
        if (old.state() != next.state()) {
            LOG.info("Cellular link {}: modem {} -> {}{}", link, old.state(), next.state(),
                    reason.isEmpty() ? "" : " (" + reason + ")");
            events.post(HealthEvents.CHANGED, HealthChange.eventProperties("cellular." + link, old, next));
        }
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}

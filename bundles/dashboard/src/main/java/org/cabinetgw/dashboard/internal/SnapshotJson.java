package org.cabinetgw.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.Health;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The page's snapshot: one JSON object with a section per capability. Every section carries
 * {@code available} ({@link Availability}); a capability that fails while it is read (its bundle going
 * away under us) makes its section {@code restarting}, never the whole answer an error.
 */
final class SnapshotJson {

    static final int EPISODES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotJson.class);

    private SnapshotJson() {
    }

    static JsonObject build(Sources s, BundleContext context, EventLog log, StorageArrays arrays, Instant now) {
        JsonObject o = new JsonObject();
        o.addProperty("generated", now.toEpochMilli());
        o.add("cabinet", section(context, "org.cabinetgw.failover", s.failover() != null,
                c -> cabinet(c, s.failover().status())));
        o.add("power", section(context, "org.cabinetgw.power", s.power() != null, c -> power(c, s, log, now)));
        o.add("network", section(context, "org.cabinetgw.network", s.links() != null, c -> network(c, s, log)));
        JsonObject health = section(context, "org.cabinetgw.core", s.health() != null, c -> health(c, s.health().current()));
        o.add("storage", storage(context, health, arrays, log, s));
        o.add("uplink", section(context, "org.cabinetgw.uplink", s.uplink() != null,
                c -> uplink(c, s.uplink().snapshot(), log)));
        o.add("failover", section(context, "org.cabinetgw.failover", s.failover() != null, c -> failover(c, s, log)));
        o.add("software", software(context, log, s));
        o.add("health", health);
        o.add("events", log.recent(20)); // the page lists 20; each refresh carries no more
        return o;
    }

    private static JsonObject section(BundleContext context, String bsn, boolean there, Consumer<JsonObject> fill) {
        JsonObject o = new JsonObject();
        o.addProperty("available", Availability.of(context, bsn, there));
        if (there) {
            try {
                fill.accept(o);
            } catch (RuntimeException e) { // the service went away while it was read
                LOG.debug("{} could not be read", bsn, e);
                o.entrySet().clear();
                o.addProperty("available", Availability.RESTARTING);
                o.addProperty("reason", String.valueOf(e.getMessage()));
            }
        }
        return o;
    }

    private static void cabinet(JsonObject o, CabinetStatus status) {
        o.addProperty("state", status.state().name());
        o.addProperty("since", status.since().toEpochMilli());
        JsonArray findings = new JsonArray();
        for (Finding f : status.findings()) {
            JsonObject j = new JsonObject();
            j.addProperty("dimension", f.dimension().name());
            j.addProperty("severity", f.severity().name());
            j.addProperty("phrase", f.phrase());
            findings.add(j);
        }
        o.add("findings", findings);
        JsonArray dims = new JsonArray();
        for (Dimension d : Dimension.values()) {
            dims.add(d.name());
        }
        o.add("dimensions", dims);
    }

    private static void power(JsonObject o, Sources s, EventLog log, Instant now) {
        PowerStatus p = s.power().status();
        o.addProperty("state", p.state().name());
        o.addProperty("since", p.since().toEpochMilli());
        JsonObject sources = new JsonObject();
        p.sources().forEach((role, state) -> sources.addProperty(role.name(), state.name()));
        o.add("sources", sources);
        // a source live again whose restore delay runs is still LOST in sources, and the state may already be fed by it
        JsonArray returning = new JsonArray();
        p.returning().forEach(role -> returning.add(role.name()));
        o.add("returning", returning);
        millis(o, "lastTransferMs", p.lastTransfer());
        millis(o, "lastBridgeMs", p.lastBridge());
        JsonArray meters = new JsonArray();
        for (Meter m : s.meters()) {
            MeterReading r = m.lastReading();
            JsonObject j = new JsonObject();
            j.addProperty("name", r.meter());
            j.addProperty("role", r.role().name());
            j.addProperty("timestamp", r.timestamp().toEpochMilli());
            j.addProperty("ageSeconds", Math.max(0, Duration.between(r.timestamp(), now).toSeconds()));
            j.addProperty("stale", r.stale());
            j.addProperty("error", r.error());
            JsonObject values = new JsonObject();
            r.values().forEach((k, v) -> values.addProperty(k, v.isNaN() || v.isInfinite() ? null : v));
            j.add("values", values);
            meters.add(j);
        }
        o.add("meters", meters);
        o.add("transfers", log.of(EventLog.Kind.POWER_TRANSFERS));
    }

    private static void network(JsonObject o, Sources s, EventLog log) {
        Optional<LinkStatus> active = s.links().activeLink();
        o.addProperty("active", active.map(LinkStatus::name).orElse(null));
        o.addProperty("activeMetered", s.links().isActiveLinkMetered());
        JsonArray links = new JsonArray();
        for (LinkStatus l : s.links().links()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", l.name());
            j.addProperty("type", l.type().name());
            j.addProperty("interface", l.interfaceName());
            j.addProperty("priority", l.priority());
            j.addProperty("metered", l.metered());
            j.addProperty("state", l.state().name());
            j.addProperty("reason", l.reason());
            j.addProperty("since", l.since().toEpochMilli());
            j.addProperty("lossPercent", l.lossPercent());
            j.addProperty("latencyMillis", l.latencyMillis());
            j.addProperty("active", active.isPresent() && active.get().name().equals(l.name()));
            links.add(j);
        }
        o.add("links", links);
        o.add("switches", log.of(EventLog.Kind.LINK_SWITCHES));
    }

    private static void health(JsonObject o, CabinetHealth h) {
        o.add("overall", health(h.overall()));
        JsonObject components = new JsonObject();
        h.components().forEach((name, c) -> components.add(name, health(c)));
        o.add("components", components);
    }

    private static JsonObject health(Health h) {
        JsonObject j = new JsonObject();
        j.addProperty("state", h.state().name());
        j.addProperty("reason", h.reason());
        j.addProperty("since", h.since().toEpochMilli());
        return j;
    }

    /**
     * Storage's arrays from its ArrayStatus service (without it, the RAID events), disks from health and their
     * DiskStatus services (SMART), filesystems from health and their FilesystemStatus services (the space).
     */
    private static JsonObject storage(BundleContext context, JsonObject health, StorageArrays arrays, EventLog log,
            Sources s) {
        JsonObject o = new JsonObject();
        o.addProperty("available", Availability.of(context, "org.cabinetgw.storage",
                hasComponent(health, "storage.") || hasService(context, "org.cabinetgw.storage")));
        try {
            o.add("arrays", StorageDevices.arrays(s.arrays(), arrays));
        } catch (RuntimeException e) { // the RAID monitor went away while it was read: what the events said
            LOG.debug("the arrays could not be read", e);
            o.add("arrays", StorageDevices.arrays(null, arrays));
        }
        try {
            o.add("disks", StorageDevices.disks(components(health, "storage.disk."), s.disks()));
        } catch (RuntimeException e) { // a disk's service went away while it was read
            LOG.debug("the disks could not be read", e);
            o.add("disks", components(health, "storage.disk."));
        }
        try {
            o.add("filesystems", FilesystemSpace.merge(components(health, "storage.fs."), s.filesystems()));
        } catch (RuntimeException e) { // a filesystem's service went away while it was read
            LOG.debug("filesystem space could not be read", e);
            o.add("filesystems", components(health, "storage.fs."));
        }
        o.add("raid", components(health, "storage.raid"));
        o.add("events", log.of(EventLog.Kind.STORAGE));
        return o;
    }

    private static void uplink(JsonObject o, UplinkSnapshot u, EventLog log) {
        o.addProperty("transport", u.activeTransport().name());
        o.addProperty("since", u.activeSince().toEpochMilli());
        o.addProperty("metered", u.metered());
        o.addProperty("queuedMessages", u.queuedMessages());
        o.addProperty("queuedBytes", u.queuedBytes());
        o.addProperty("accepted", u.accepted());
        o.addProperty("delivered", u.delivered());
        o.addProperty("refused", u.refused());
        o.addProperty("evicted", u.evicted());
        o.addProperty("deadLettered", u.deadLettered());
        o.addProperty("switches", u.switches());
        o.add("events", log.of(EventLog.Kind.UPLINK));
    }

    private static void failover(JsonObject o, Sources s, EventLog log) {
        JsonArray episodes = new JsonArray();
        for (Episode e : s.failover().history(EPISODES)) {
            JsonObject j = new JsonObject();
            j.addProperty("id", e.id());
            j.addProperty("dimension", e.dimension().name());
            j.addProperty("what", e.what());
            j.addProperty("firstSeen", e.firstSeen().toEpochMilli());
            j.addProperty("declared", e.declared() == null ? null : e.declared().toEpochMilli());
            j.addProperty("restored", e.restored() == null ? null : e.restored().toEpochMilli());
            j.addProperty("open", e.open());
            j.addProperty("outcome", e.outcome());
            millis(j, "detectionMs", e.detection());
            millis(j, "outageMs", e.outage());
            JsonArray actions = new JsonArray();
            e.actions().forEach(a -> {
                JsonObject aj = new JsonObject();
                aj.addProperty("at", a.at().toEpochMilli());
                aj.addProperty("what", a.what());
                actions.add(aj);
            });
            j.add("actions", actions);
            episodes.add(j);
        }
        o.add("episodes", episodes);
        JsonArray kinds = new JsonArray();
        for (DrillKind k : DrillKind.values()) {
            kinds.add(k.name());
        }
        o.add("drillKinds", kinds);
        o.add("drills", log.of(EventLog.Kind.DRILLS));
    }

    /** The gateway's own bundles with their versions, and whether a deployment package installed each. */
    private static JsonObject software(BundleContext context, EventLog log, Sources s) {
        JsonObject o = new JsonObject();
        o.addProperty("available", Availability.OK);
        List<DeploymentPackages.Installed> installed = DeploymentPackages.list(context);
        JsonArray packages = new JsonArray();
        for (DeploymentPackages.Installed p : installed) {
            JsonObject j = new JsonObject();
            j.addProperty("name", p.name());
            j.addProperty("version", p.version());
            JsonArray members = new JsonArray();
            p.bundles().forEach(members::add);
            j.add("bundles", members);
            packages.add(j);
        }
        o.add("packages", packages);
        JsonArray bundles = new JsonArray();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn == null || !bsn.startsWith("org.cabinetgw.")) {
                continue;
            }
            JsonObject j = new JsonObject();
            j.addProperty("name", bsn);
            j.addProperty("version", b.getVersion().toString());
            j.addProperty("state", state(b.getState()));
            // Deployment Admin installs a package's bundles at location osgi-dp:<bundle>; it also knows which
            String location = b.getLocation();
            j.addProperty("fromPackage", location != null && location.startsWith("osgi-dp:"));
            String from = DeploymentPackages.packageOf(installed, bsn);
            if (from != null) {
                j.addProperty("package", from);
            }
            bundles.add(j);
        }
        o.add("bundles", bundles);
        o.addProperty("deployAgent", Availability.of(context, "org.cabinetgw.deploy",
                hasService(context, "org.cabinetgw.deploy")));
        try {
            DeploymentJournalJson.add(o, s.deployments(), log.of(EventLog.Kind.DEPLOY_JOURNAL));
        } catch (RuntimeException e) { // the deploy bundle went away while it was read: what the events said
            LOG.debug("the deployment journal could not be read", e);
            DeploymentJournalJson.add(o, null, log.of(EventLog.Kind.DEPLOY_JOURNAL));
        }
        return o;
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }

    private static boolean hasComponent(JsonObject health, String prefix) {
        JsonObject c = health.getAsJsonObject("components");
        return c != null && c.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** True when the bundle is active and registered at least one service (its components are up). */
    private static boolean hasService(BundleContext context, String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                var registered = b.getRegisteredServices();
                return registered != null && registered.length > 0;
            }
        }
        return false;
    }

    private static JsonArray components(JsonObject health, String prefix) {
        JsonArray a = new JsonArray();
        JsonObject c = health.getAsJsonObject("components");
        if (c != null) {
            for (Map.Entry<String, com.google.gson.JsonElement> e : c.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    JsonObject j = e.getValue().getAsJsonObject().deepCopy();
                    j.addProperty("name", e.getKey().substring(prefix.length()).replaceFirst("^\\.", ""));
                    j.addProperty("component", e.getKey());
                    a.add(j);
                }
            }
        }
        return a;
    }

    private static void millis(JsonObject o, String key, Optional<Duration> d) {
        o.addProperty(key, d.map(Duration::toMillis).orElse(null));
    }
}

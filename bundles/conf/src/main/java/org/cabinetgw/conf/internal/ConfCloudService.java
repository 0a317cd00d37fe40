package org.cabinetgw.conf.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.conf.internal.ConfigurableComponents.Configurable;
import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.MetricMessage;
import org.cabinetgw.support.internal.data.GatewayData;
import org.cabinetgw.support.internal.settings.SettingRanges;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kura's CONF-V1 cloud application: the handler a command channel speaking Kura's protocol (the MQTT uplink with
 * {@code cloud.protocol=KURA}) delivers {@code $EDC/<account>/<client-id>/CONF-V1/...} requests to.
 * <ul>
 * <li>{@code GET configurations} and {@code GET configurations/<pid>}: Kura's XML with each component's Metatype;</li>
 * <li>{@code PUT configurations} and {@code PUT configurations/<pid>}: checked all through, then applied all or
 * nothing, after a snapshot of how things were;</li>
 * <li>{@code GET snapshots}, {@code GET snapshots/<id>}, {@code EXEC snapshot}, {@code EXEC rollback[/<id>]}.</li>
 * </ul>
 * Requests are handled one at a time, on the channel's thread (each takes milliseconds: no download, no wait).
 */
// The service is registered by activate(), not by DS: the handler must not be offered before its references and
// its snapshot folder are there (bundles/README.md), and DS would publish the configuration as service properties.
@org.osgi.annotation.bundle.Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"org.cabinetgw.deploy.CommandHandler\"")
// On a gateway pair only the ACTIVE node may change settings for the cabinet: configure
// "osgi.ds.satisfying.condition.target": "(osgi.condition.id=cabinetgw.active)" under this PID on both nodes (the
// pattern of the deploy agent's permit and the uplink's transports, bundles/ha). By default the framework's true
// condition: a gateway without a pair answers CONF-V1 as always.
@Component(name = ConfCloudService.PID, service = {}, immediate = true)
@SatisfyingConditionTarget("(osgi.condition.id=true)")
@Designate(ocd = ConfCloudConfig.class)
public final class ConfCloudService implements CommandHandler {

    static final String PID = "org.cabinetgw.conf.cloud";
    static final String APP_ID = "CONF-V1";
    /** The folder of the data directory the snapshots are kept in. */
    static final String FOLDER = "conf";
    /** The reply to a requester not in command.requesters (as the deploy agent answers it). */
    static final int FORBIDDEN = 403;
    private static final Logger LOG = LoggerFactory.getLogger(ConfCloudService.class);

    private final ConfigurationAdmin configurationAdmin;
    private final ConfigurableComponents components;
    private final SnapshotStore snapshots;
    private final Set<String> protectedPids;
    /** The requester client ids served (command.requesters); empty: any. */
    private final Set<String> requesters;
    private ServiceRegistration<CommandHandler> registration;

    @Activate
    public ConfCloudService(ConfCloudConfig config, BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            @Reference MetaTypeService metatype) {
        int kept = SettingRanges.check(PID, "snapshots.kept", config.snapshots_kept(), ConfCloudConfig.SNAPSHOTS_KEPT_MIN,
                ConfCloudConfig.SNAPSHOTS_KEPT_MAX);
        this.configurationAdmin = configurationAdmin;
        this.components = new ConfigurableComponents(context, metatype, configurationAdmin);
        this.snapshots = new SnapshotStore(GatewayData.folder(context, FOLDER), kept, System::currentTimeMillis);
        this.protectedPids = new LinkedHashSet<>();
        for (String p : config.protected_pids() == null ? new String[0] : config.protected_pids()) {
            if (p != null && !p.isBlank()) {
                protectedPids.add(p.strip());
            }
        }
        this.requesters = new LinkedHashSet<>();
        for (String r : (config.command_requesters() == null ? "" : config.command_requesters()).split(",")) {
            if (!r.isBlank()) {
                requesters.add(r.strip());
            }
        }
    }

    @Activate
    void activate(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CommandHandler.APP_ID, APP_ID);
        registration = context.registerService(CommandHandler.class, this, props);
        LOG.info("CONF-V1 active: snapshots in {}, protected from remote changes: {}, requesters served: {}",
                snapshots.folder(), protectedPids.isEmpty() ? "none" : String.join(", ", protectedPids),
                requesters.isEmpty() ? "any" : String.join(", ", requesters));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    @Override
    public synchronized void handle(CommandRequest request, CommandResponder responder) {
        if (request.metrics() == null) {
            // Kura's configuration documents only make sense to a Kura cloud; the JSON channel's clients have none
            responder.reply(CommandResponder.BAD_REQUEST, ("{\"error\":\"CONF-V1 is answered in Kura's protocol only "
                    + "(the uplink's cloud.protocol=KURA)\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        String what = request.method() + "/" + String.join("/", request.resources());
        if (!requesters.isEmpty() && !requesters.contains(request.requesterId())) {
            LOG.warn("Refused CONF-V1 {} from {}: not in command.requesters", what, request.requesterId());
            responder.reply(FORBIDDEN, failure("requester '" + request.requesterId()
                    + "' is not allowed to send requests to this gateway (command.requesters)"));
            return;
        }
        try {
            byte[] body = route(request.method(), request.resources(), request.metrics().body());
            responder.reply(CommandResponder.OK, new MetricMessage(Map.of(), body));
        } catch (ConfRequestException e) {
            LOG.info("CONF-V1 {} from {} refused ({}): {}", what, request.requesterId(), e.status(), e.getMessage());
            responder.reply(e.status(), failure(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("CONF-V1 {} from {} failed: {}", what, request.requesterId(), e.toString());
            LOG.debug("CONF-V1 {} failed", what, e);
            responder.reply(CommandResponder.ERROR, failure(what + " failed on the gateway: " + e.getMessage()));
        }
    }

    private byte[] route(String method, List<String> resources, byte[] body) throws ConfRequestException, IOException {
        String resource = resources.isEmpty() ? "" : resources.get(0);
        String argument = resources.size() > 1 ? String.join("/", resources.subList(1, resources.size())) : null;
        switch (method + " " + resource) {
            case "GET configurations":
                return argument == null ? configurations() : configuration(argument);
            case "PUT configurations":
                return put(EsfXmlReader.read(body), argument);
            case "GET snapshots":
                return argument == null ? EsfXmlWriter.snapshotIds(snapshots.ids()) : snapshot(id(argument));
            case "EXEC snapshot":
                return EsfXmlWriter.snapshotIds(List.of(takeSnapshot()));
            case "EXEC rollback":
                return rollback(argument == null ? null : id(argument));
            default:
                throw new ConfRequestException(CommandResponder.NOT_FOUND, "CONF-V1 has no " + method + "/"
                        + String.join("/", resources) + " (it answers GET configurations[/pid], PUT configurations[/pid], "
                        + "GET snapshots[/id], EXEC snapshot, EXEC rollback[/id])");
        }
    }

    private byte[] configurations() throws IOException {
        Map<String, Configurable> all = components.all();
        List<EsfConfiguration> out = new ArrayList<>();
        all.values().forEach(c -> out.add(ConfigurableComponents.forCloud(c)));
        return EsfXmlWriter.configurations(out, pid -> all.get(pid).ocd());
    }

    private byte[] configuration(String pid) throws IOException, ConfRequestException {
        Configurable c = components.one(pid);
        if (c == null) {
            throw new ConfRequestException(CommandResponder.NOT_FOUND, pid
                    + ": no such configurable component (no Metatype describes this PID)");
        }
        return EsfXmlWriter.configurations(List.of(ConfigurableComponents.forCloud(c)), p -> c.ocd());
    }

    /** PUT: the PID in the topic, when given, must be the document's only one. */
    private byte[] put(List<EsfConfiguration> requested, String pid) throws ConfRequestException, IOException {
        if (requested.isEmpty()) {
            throw new ConfRequestException(CommandResponder.BAD_REQUEST, "the document holds no esf:configuration");
        }
        if (pid != null && (requested.size() != 1 || !requested.get(0).pid().equals(pid))) {
            throw new ConfRequestException(CommandResponder.BAD_REQUEST, "PUT configurations/" + pid
                    + " takes that one configuration; the document holds " + pids(requested));
        }
        List<ConfigurationChange.Planned> plan = ConfigurationChange.plan(requested, components.all(), protectedPids);
        long before = takeSnapshot();
        ConfigurationChange.apply(plan, configurationAdmin);
        LOG.info("CONF-V1: {} changed by the cloud (snapshot {} holds the values before)", pids(requested), before);
        return new byte[0];
    }

    private byte[] snapshot(long id) throws IOException, ConfRequestException {
        byte[] xml = snapshots.read(id);
        if (xml == null) {
            throw new ConfRequestException(CommandResponder.NOT_FOUND, "no snapshot " + id + " (GET snapshots lists them)");
        }
        return xml;
    }

    /** The stored values of every configurable PID now, secrets left out, as a new snapshot; its id. */
    private long takeSnapshot() throws IOException {
        List<EsfConfiguration> out = new ArrayList<>();
        for (Configurable c : components.all().values()) {
            EsfConfiguration stored = ConfigurableComponents.forSnapshot(c);
            if (stored != null) {
                out.add(stored);
            }
        }
        return snapshots.write(EsfXmlWriter.configurations(out, pid -> null));
    }

    /**
     * Puts back the values a snapshot holds (the newest when no id is given), all or nothing. A PID the snapshot
     * names that is gone or protected now is left as it is, and so is one configured only after the snapshot (the
     * snapshot does not name it); secrets are not in snapshots and stay as they are.
     */
    private byte[] rollback(Long id) throws IOException, ConfRequestException {
        List<Long> ids = snapshots.ids();
        if (ids.isEmpty()) {
            throw new ConfRequestException(CommandResponder.NOT_FOUND, "there is no snapshot to roll back to");
        }
        long which = id != null ? id : ids.get(ids.size() - 1);
        Map<String, Configurable> now = components.all();
        List<EsfConfiguration> restore = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (EsfConfiguration c : EsfXmlReader.read(snapshot(which))) {
            Configurable current = now.get(c.pid());
            if (current == null || protectedPids.contains(c.pid())
                    || current.factoryPid() != null && protectedPids.contains(current.factoryPid())) {
                skipped.add(c.pid());
            } else {
                restore.add(c);
            }
        }
        ConfigurationChange.apply(ConfigurationChange.plan(restore, now, protectedPids), configurationAdmin);
        LOG.info("CONF-V1: rolled back to snapshot {} ({} configurations{})", which, restore.size(),
                skipped.isEmpty() ? "" : "; left as they are, gone or protected: " + String.join(", ", skipped));
        return new byte[0];
    }

    private static long id(String text) throws ConfRequestException {
        try {
            long id = Long.parseLong(text);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ConfRequestException(CommandResponder.BAD_REQUEST, "'" + text + "' is not a snapshot id (a number)");
    }

    private static String pids(List<EsfConfiguration> configurations) {
        return Arrays.toString(configurations.stream().map(EsfConfiguration::pid).toArray());
    }

    private static MetricMessage failure(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("response.exception.message", message);
        return new MetricMessage(m);
    }
}

package org.cabinetgw.network.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.network.CellularModem;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One cellular link's modem, read every poll interval on thread {@code cabinetgw-network-cellular-<link>}. */
@Component(configurationPid = CellularComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = CellularConfig.class, factory = true)
public class CellularComponent {

    static final String PID = "org.cabinetgw.network.cellular";
    private static final Logger LOG = LoggerFactory.getLogger(CellularComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LinkManager linkManager;

    private final BundleContext context;
    private final Map<String, Object> properties;
    /** The checked configuration's link name, watcher and poll interval; null when the configuration was refused. */
    private final String link;
    private final CellularWatcher watcher;
    private final int pollSeconds;
    /** Why the configuration was refused (reported by activate()); null when it was accepted. */
    private final IllegalArgumentException refused;
    private final String refusedLink;

    // Registered and started by activate(), withdrawn by deactivate(): only SCR's own thread touches them.
    private ScheduledExecutorService executor;
    private ServiceRegistration<HealthContributor> health;
    private ServiceRegistration<CellularModem> modemService;
    /** A refused configuration: nothing started, the entry config:<pid> says which setting. */
    private ServiceRegistration<HealthContributor> refusal;

    /**
     * Checks the configuration and builds the watcher; registers nothing and starts nothing. SCR injects the dynamic
     * references (Event Admin, the link manager) after the constructor and before {@link #activate()}: a service
     * registered here could be called before them (a health read that does not know the link yet), and would be
     * left behind if the activation failed.
     */
    @Activate
    public CellularComponent(CellularConfig given, BundleContext context, Map<String, Object> properties) {
        this.context = context;
        this.properties = properties;
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        CellularConfig config = RenamedSettings.of(PID, CellularComponent.class)
                .config(CellularConfig.class, given, properties, LOG::warn);
        String checkedLink = null;
        CellularWatcher w = null;
        int poll = 0;
        IllegalArgumentException refusedBy = null;
        try {
            checkedLink = Check.token("link", config.link(), 32);
            String modem = modem(config.modem());
            String mmcli = config.mmcli_command() == null ? "" : config.mmcli_command().trim();
            if (mmcli.isEmpty() || !mmcli.matches("[A-Za-z0-9._/+-]+") || mmcli.startsWith("-")) {
                throw new IllegalArgumentException("mmcli.command = '" + config.mmcli_command()
                        + "' is not a command name or path");
            }
            poll = Check.range("poll.seconds", config.poll_seconds(),
                    CellularConfig.POLL_SECONDS_MIN, CellularConfig.POLL_SECONDS_MAX);
            long resetAfter = Check.range("reset.after.seconds", config.reset_after_seconds(),
                    CellularConfig.RESET_AFTER_SECONDS_MIN, CellularConfig.RESET_AFTER_SECONDS_MAX) * 1000L;
            ResetBudget budget = new ResetBudget(config.reset_budget(),
                    Check.range("reset.budget.period.seconds", config.reset_budget_period_seconds(),
                            CellularConfig.RESET_BUDGET_PERIOD_SECONDS_MIN,
                            CellularConfig.RESET_BUDGET_PERIOD_SECONDS_MAX) * 1000L);
            int timeout = Check.range("command.timeout.millis", config.command_timeout_millis(),
                    CellularConfig.COMMAND_TIMEOUT_MILLIS_MIN, CellularConfig.COMMAND_TIMEOUT_MILLIS_MAX);
            w = new CellularWatcher(checkedLink, modem, new CommandRunner(List.of(), timeout), mmcli, budget,
                    resetAfter, System::currentTimeMillis, this::post, () -> linkStatus(config.link()), this::activeLink);
        } catch (IllegalArgumentException e) {
            refusedBy = e;
        }
        this.link = checkedLink;
        this.watcher = w;
        this.pollSeconds = poll;
        this.refused = refusedBy;
        this.refusedLink = config.link();
    }

    /**
     * Registers the link's health and its modem's identity and begins the polls, once SCR has injected Event Admin
     * and the link manager (after the constructor): begun from the constructor, the first poll ran without either —
     * its events were posted nowhere and the link's state was unknown to it. A refused configuration is reported
     * here, nothing else started.
     */
    @Activate
    void activate() {
        if (refused != null) {
            LOG.debug("Cellular configuration {} refused", properties.get("service.pid"), refused);
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "the modem of link " + refusedLink + " is not watched", refused);
            return;
        }
        CellularWatcher w = watcher;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthContributor.COMPONENT, "cellular." + link);
        health = context.registerService(HealthContributor.class, w::health, props);
        Dictionary<String, Object> modemProps = new Hashtable<>();
        modemProps.put(CellularModem.LINK, link);
        modemService = context.registerService(CellularModem.class, w::identity, modemProps);
        executor = NamedThreads.singleScheduler("cabinetgw-network-cellular-" + link);
        String name = link;
        executor.scheduleWithFixedDelay(() -> {
            try {
                w.poll();
            } catch (RuntimeException e) {
                LOG.warn("Cellular link {}: reading the modem failed unexpectedly: {}", name, e.toString());
            }
        }, 0, pollSeconds, TimeUnit.SECONDS);
    }

    /** A modem index (0) or D-Bus path (/org/freedesktop/ModemManager1/Modem/0): what goes after mmcli -m. */
    static String modem(String modem) {
        if (modem != null && (modem.matches("\\d{1,6}") || modem.matches("/org/freedesktop/ModemManager1/Modem/\\d{1,6}"))) {
            return modem;
        }
        throw new IllegalArgumentException("modem = '" + modem + "' is neither a modem index nor a modem D-Bus path");
    }

    private Optional<LinkStatus> activeLink() {
        LinkManager lm = linkManager;
        return lm == null ? Optional.empty() : lm.activeLink();
    }

    private Optional<LinkStatus> linkStatus(String link) {
        LinkManager lm = linkManager;
        if (lm == null) {
            return Optional.empty();
        }
        try {
            return lm.links().stream().filter(s -> s.name().equals(link)).findFirst();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
        }
    }

    @Deactivate
    void deactivate() {
        ConfigurationRefusal.withdraw(refusal);
        if (executor == null) {
            return; // refused: nothing was started
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ServiceRegistration<?> r : List.of(health, modemService)) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
        }
    }
}

package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.data.GatewayData;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy agent: answers DEPLOY-V2 requests (download, install, uninstall, list packages, list bundles)
 * arriving through a command channel, one deployment at a time on its own worker thread. This component wires
 * the parts and says what it trusts; each job is in a file named for it (bundles/deploy/README.md, "Where things
 * are"): {@link RequestRouter} reads requests, {@link JobQueue} runs one job at a time, {@link RemoteJobs} and
 * {@link InstallTransaction} download, verify, install, health-gate and roll back, {@link JournalRecovery} finishes
 * what a power cut interrupted, {@link SeedInstaller} installs the packages the gateway ships with.
 */
// The services are registered by hand (service = {}, see register()): DS would publish the configuration,
// trust.store.password among it, as service properties, readable by every bundle and on the web console's
// services page. So bnd cannot see the services: the capability says them (the resolver needs CommandHandler).
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.cabinetgw.deploy.CommandHandler,org.cabinetgw.health.HealthContributor\"")
@Component(name = DeployAgent.PID, service = {})
@Designate(ocd = DeployAgentConfig.class)
public final class DeployAgent implements CommandHandler, HealthContributor {

    static final String PID = "org.cabinetgw.deploy.agent";
    static final String APP_ID = "DEPLOY-V2";
    static final String HEALTH_NAME = "deploy.agent";
    /** The health reason while nothing is trusted: UP (nothing is broken), but never silent about it. */
    static final String REMOTE_DEPLOYMENT_OFF = "remote deployment is off: nothing is trusted (trust.store is empty, "
            + "the runtime ships no certificate); every package will be refused";
    private static final Logger LOG = LoggerFactory.getLogger(DeployAgent.class);

    private final BundleContext context;
    private final AgentSettings settings;
    private final Downloader downloader;
    private final HealthGate gate;
    private final JobQueue queue;
    private final AgentHealth health;
    private final RequestRouter router;
    private ServiceRegistration<?> registration;
    /** A refused configuration (the agent runs on its defaults): its entry config:<pid> names the setting. */
    private ServiceRegistration<HealthContributor> refusal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;
    /** The journal's recovery and the seed installs, begun by activate(). */
    private final Runnable startWork;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeployPermit permit; // absent on the standby of a pair: no EXEC requests carried out there

    @Activate
    public DeployAgent(DeployAgentConfig config, BundleContext context, @Reference DeploymentAdmin deploymentAdmin,
            @Reference ServiceComponentRuntime scr, Map<String, Object> properties) throws IOException {
        this.context = context;
        String shippedCertificates = context.getProperty(TrustSource.SHIPPED_PROPERTY);
        AcceptedSettings accepted = AcceptedSettings.of(config, shippedCertificates);
        this.settings = accepted.settings();
        TrustSource trust = accepted.trust();
        if (accepted.refused() != null) {
            LOG.debug("Deploy agent: configuration refused", accepted.refused());
            this.refusal = ConfigurationRefusal.report(context, PID,
                    "the deploy agent runs on its defaults (the strictest)", accepted.refused());
        }
        Set<Certificate> trusted = trust.certificates();
        Path dir = dataDirectory(context);
        PackageStore store = new PackageStore(dir);
        InstalledPackages packages = new InstalledPackages(context, deploymentAdmin);
        Set<String> shipped = SeedInstaller.shippedPackages(context.getProperty(SeedList.PROPERTY));
        // the trust for remote packages: the shipped packages' own (seedTrust) are read from the jar, not the network
        Optional<String> development = DevelopmentKey.among(trusted);
        // What the agent's health says while it is UP: nothing, or what an operator must know although nothing is
        // broken (nothing is trusted; the development key is trusted). Kept across deployments.
        String upNote = development.map(DevelopmentKey::note).orElse(trusted.isEmpty() && !settings.allowUnsigned()
                ? REMOTE_DEPLOYMENT_OFF : "");
        this.health = new AgentHealth(upNote, () -> SeedInstaller.gone(shipped, packages), this::post);
        this.queue = new JobQueue("cabinetgw-deploy-worker");
        this.downloader = new Downloader(settings);
        this.gate = new HealthGate(context, scr);
        CommandPolicy policy = new CommandPolicy(context, settings.requesters());
        JobRecorder recorder = new JobRecorder(new DeploymentJournal(dir), queue, this::post);
        InstallTransaction transaction = new InstallTransaction(packages, store, gate, settings.healthGateMillis(), recorder,
                health, queue);
        RemoteJobs jobs = new RemoteJobs(settings, downloader, new PackageVerifier(trusted, settings.allowUnsigned()), store,
                packages, policy, transaction, recorder, health, shipped);
        this.router = new RequestRouter(settings, policy, store, packages, new Listings(context, deploymentAdmin), jobs, queue,
                () -> permit != null);
        if (trust.problem() != null) {
            // The runtime promised trust and cannot keep it: an integrator must look.
            LOG.error("Deploy agent: {}; packages signed by the build's key will be refused", trust.problem());
            health.set(HealthState.DEGRADED, trust.problem() + (settings.allowUnsigned() ? ""
                    : "; every signed package will be refused"));
        } else if (trusted.isEmpty() && !settings.allowUnsigned()) {
            // Nobody asked for remote deployment: say so (upNote), but do not hold the cabinet DEGRADED for it.
            LOG.warn("Deploy agent: nothing is trusted (trust.store is empty and the runtime ships no certificate): "
                    + "remote deployment is off, every package will be refused");
        }
        // At every start: a gateway that trusts the development key accepts what anyone with a build host's
        // target/ signs. UP all the same (upNote): a development or test gateway is not broken, and a release
        // build cannot make such a jar (-Prelease refuses the key); the note keeps it visible on /health.
        development.ifPresent(subject -> LOG.warn("Deploy agent {}", DevelopmentKey.note(subject)));
        LOG.info("Deploy agent active: data in {}, {} trusted certificate(s) from {}, unsigned packages {}, health gate {} s",
                dir, trusted.size(), trust.origin(), settings.allowUnsigned() ? "allowed" : "refused", settings.healthGateMillis() / 1000);
        // Begun in activate(), once SCR has injected Event Admin: what the recovery and the seeds report is posted.
        this.startWork = () -> {
            // last: the recovery runs on the worker and may change the health set above
            new JournalRecovery(packages, new DeploymentAdminRepair(packages, store), transaction, gate,
                    settings.healthGateMillis(), recorder, health).start(queue);
            // after the recovery (same worker): a seed never overtakes the job a restart interrupted
            String seeds = context.getProperty(SeedList.PROPERTY);
            if (seeds != null && !properties.containsKey(Constants.SERVICE_PID)) {
                // The runtime always configures the agent (features/deploy's configuration). Activated without it,
                // at a first start, the agent is activated again as soon as the Configurator applies it: a seed
                // install begun now would be cut off by that. The next activation installs them.
                LOG.info("Deploy agent not configured yet: the shipped packages are installed once it is");
                if (health.get().state() == HealthState.UP) {
                    health.set(HealthState.DEGRADED, SeedInstaller.SEEDING + ": waiting for the agent's configuration");
                }
            } else {
                PackageVerifier seedVerifier = new PackageVerifier(SeedInstaller.seedTrust(trusted, shippedCertificates), false);
                new SeedInstaller(seedVerifier, store, packages, transaction, recorder, health).start(seeds, queue);
            }
        };
    }

    /**
     * Starts the recovery and the seeds, then offers the services: after the constructor, once SCR has injected
     * the dynamic references (Event Admin, the pair's permit). Begun from the constructor, what they announced at
     * once was posted to no Event Admin, and a request that arrived in between was refused as on a standby ("does
     * not act for the cabinet": DeployAgentIT saw it under load).
     */
    @Activate
    void activate() {
        startWork.run();
        register();
    }

    /** CommandHandler and the agent's health, with no property but what finds them: no configuration. */
    private void register() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(CommandHandler.APP_ID, APP_ID);
        props.put(HealthContributor.COMPONENT, HEALTH_NAME);
        registration = context.registerService(new String[] { CommandHandler.class.getName(), HealthContributor.class.getName() },
                this, props);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        refusal = ConfigurationRefusal.withdraw(refusal);
        gate.stop();
        queue.interrupt();
        downloader.abort();
        // a download blocked on a silent server ends within the read timeout (see Downloader.aborted)
        long wait = settings.readTimeoutMillis() + 5000L;
        if (!queue.awaitStopped(wait)) {
            LOG.warn("The deployment in progress did not stop within {} s", wait / 1000);
        }
    }

    static Path dataDirectory(BundleContext context) {
        return GatewayData.folder(context, "deploy");
    }

    @Override
    public Health health() {
        return health.get();
    }

    @Override
    public void handle(CommandRequest request, CommandResponder responder) {
        router.handle(request, responder);
    }

    private void post(String topic, Map<String, ?> properties) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
        }
    }
}

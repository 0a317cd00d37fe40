package org.cabinetgw.kura.bridge.internal.cloud;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cabinetgw.uplink.HostedCloudConnection;
import org.cabinetgw.uplink.HostedCloudMessage;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kura's cloud publisher as the uplink's cloud connection ({@link HostedCloudConnection}). Registered from
 * {@link #activate} whenever {@code enabled}, also while the chosen publisher is absent (then not connected): so on
 * Kura our own MQTT transport never opens a connection of its own, not even while Kura's publisher is being
 * reconfigured. A message leaves the uplink's queue only when Kura confirms the id its publisher returned
 * ({@link PendingConfirmations}); Kura's connection listener drives {@link #connected()}.
 */
@Component(name = KuraCloudConnection.PID, service = {}, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = KuraCloudConfig.class)
public final class KuraCloudConnection implements HostedCloudConnection {

    static final String PID = "org.cabinetgw.kura.cloud";
    private static final Logger LOG = LoggerFactory.getLogger(KuraCloudConnection.class);

    private final Listener listener = new Listener();
    private final AtomicBoolean qos0Warned = new AtomicBoolean();
    private volatile CloudPublisher publisher;
    private volatile boolean connected;
    private volatile Runnable stateListener = () -> { };
    /** The default of {@code publisher.target}, also the reference's own (without a configuration). */
    static final String DEFAULT_TARGET = "(kura.service.pid=cabinetgw)";
    private volatile String target = DEFAULT_TARGET;
    private final PendingConfirmations pending = new PendingConfirmations(120_000L);
    private long timeoutMillis = 120_000L;
    private ScheduledExecutorService timer;
    private ServiceRegistration<HostedCloudConnection> registration;
    private BundleContext context;
    private ServiceRegistration<ConfigurableComponent> listing;

    @Activate
    void activate(KuraCloudConfig config, BundleContext bundleContext) {
        this.context = bundleContext;
        listing = listForKura(bundleContext);
        settings(timeoutSeconds(config.confirm_timeout_seconds()), config.publisher_target());
        if (!config.enabled()) {
            LOG.info("Kura's cloud connection not used (enabled = false): the uplink opens its own MQTT connection");
            return;
        }
        start(bundleContext);
    }

    private void start(BundleContext bundleContext) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "cabinetgw-kura-cloud");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        long period = Math.min(1000L, timeoutMillis / 4);
        timer.scheduleWithFixedDelay(() -> expire(System.currentTimeMillis()), period, period, TimeUnit.MILLISECONDS);
        registration = bundleContext.registerService(HostedCloudConnection.class, this, null);
        LOG.info("The uplink sends through Kura's cloud publisher {}: {}", target, describeState());
    }

    /** The confirmation timeout and the publisher filter (for the log). */
    void settings(int confirmTimeoutSeconds, String publisherTarget) {
        this.timeoutMillis = confirmTimeoutSeconds * 1000L;
        this.target = publisherTarget == null || publisherTarget.isBlank() ? DEFAULT_TARGET : publisherTarget;
        current().timeout(timeoutMillis);
    }

    /**
     * A changed configuration is applied in place: deactivating would withdraw the connection for a moment, and our
     * own MQTT transport would open a connection meanwhile. A changed {@code publisher.target} rebinds the reference
     * (SCR); messages Kura holds keep waiting for their confirmation.
     */
    @Modified
    void modified(KuraCloudConfig config) {
        settings(timeoutSeconds(config.confirm_timeout_seconds()), config.publisher_target());
        if (config.enabled() != (registration != null)) {
            LOG.info("{}: enabled = {}: {}", PID, config.enabled(), config.enabled()
                    ? "the uplink sends through Kura's cloud publisher" : "the uplink opens its own MQTT connection");
            if (config.enabled()) {
                start(context);
            } else {
                stop();
            }
        }
    }

    /** A value out of 5..3600 is refused with one WARN naming the setting; the default is used. */
    static int timeoutSeconds(int given) {
        if (given < KuraCloudConfig.CONFIRM_TIMEOUT_MIN || given > KuraCloudConfig.CONFIRM_TIMEOUT_MAX) {
            LOG.warn("{}: confirm.timeout.seconds = {} is out of range; allowed {}..{}; using 120", PID, given,
                    KuraCloudConfig.CONFIRM_TIMEOUT_MIN, KuraCloudConfig.CONFIRM_TIMEOUT_MAX);
            return 120;
        }
        return given;
    }

    /**
     * This component's own settings in Kura's web UI (the bridge lists the other bundles' components, not its own):
     * always, also while {@code enabled} is false, so that it can be set back there.
     */
    private static ServiceRegistration<ConfigurableComponent> listForKura(BundleContext bundleContext) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(Constants.SERVICE_PID, PID);
        p.put("kura.service.pid", PID);
        p.put("cabinetgw.kura.listed.by", bundleContext.getBundle().getSymbolicName());
        return bundleContext.registerService(ConfigurableComponent.class, new ConfigurableComponent() {
            @Override
            public String toString() {
                return "Cabinet Gateway on Kura's cloud connection (" + PID + ")";
            }
        }, p);
    }

    @Deactivate
    void deactivate() {
        stop();
        try {
            listing.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }

    private void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        current().abandonAll("the Kura bridge stopped");
    }

    /** The publisher the integrator chose ({@code publisher.target}). */
    @Reference(name = "publisher", target = DEFAULT_TARGET, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPublisher(CloudPublisher p) {
        CloudPublisher before = publisher;
        if (before != null) {
            forget(before, "Kura's cloud publisher was replaced");
        }
        // Kura tells connection changes only as they happen: until the first, the publisher is taken as connected
        // (Kura's data service stores what it is given while offline and sends it when it connects)
        connected = true;
        publisher = p;
        p.registerCloudDeliveryListener(listener);
        p.registerCloudConnectionListener(listener);
        LOG.info("Kura's cloud publisher {} bound", target);
        stateListener.run();
    }

    void unsetPublisher(CloudPublisher p) {
        if (publisher != p) {
            return;
        }
        publisher = null;
        connected = false;
        forget(p, "Kura's cloud publisher went away");
        stateListener.run();
    }

    private void forget(CloudPublisher p, String why) {
        try {
            p.unregisterCloudDeliveryListener(listener);
            p.unregisterCloudConnectionListener(listener);
        } catch (RuntimeException e) {
            LOG.debug("Kura's cloud publisher refused to forget our listeners", e);
        }
        int n = current().abandonAll(why);
        if (n > 0) {
            LOG.warn("{}: {} messages it had not confirmed are sent again", why, n);
        }
    }

    private PendingConfirmations current() {
        return pending;
    }

    @Override
    public boolean connected() {
        return publisher != null && connected;
    }

    @Override
    public void send(HostedCloudMessage message, Outcome outcome) {
        CloudPublisher p = publisher;
        if (p == null) {
            outcome.failed("no Kura cloud publisher matches " + target);
            return;
        }
        String id;
        try {
            id = p.publish(KuraMessages.of(message));
        } catch (Exception e) {
            // KuraException (not connected, store full...) or anything else the publisher throws: sent again later
            LOG.debug("Kura's cloud publisher refused message {}", message.id(), e);
            outcome.failed("Kura's cloud publisher refused it: " + e.getMessage());
            return;
        }
        if (id == null) {
            // QoS 0: Kura will confirm nothing. Kura's data service has taken the message into its own store, so the
            // message leaves ours now; from here on its delivery is Kura's (at most once). Said once, as a WARN.
            if (qos0Warned.compareAndSet(false, true)) {
                LOG.warn("Kura's cloud publisher {} confirms nothing (QoS 0): messages leave the uplink's queue when "
                        + "Kura accepts them, and a message Kura then fails to send is lost. Configure it with QoS 1.",
                        target);
            }
            outcome.delivered();
            return;
        }
        current().accepted(id, outcome, System.currentTimeMillis());
    }

    /** While Kura is connected: the messages unconfirmed past their deadline are sent again. */
    void expire(long nowMillis) {
        try {
            if (connected()) {
                int n = current().expire(nowMillis,
                        "Kura did not confirm it within " + timeoutMillis / 1000 + " s");
                if (n > 0) {
                    LOG.warn("Kura did not confirm {} messages within {} s: they are sent again", n, timeoutMillis / 1000);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Kura cloud connection: checking confirmations failed: {}", e.toString());
            LOG.debug("Kura cloud connection: checking confirmations failed", e);
        }
    }

    @Override
    public void setStateListener(Runnable l) {
        this.stateListener = l == null ? () -> { } : l;
    }

    @Override
    public String describeState() {
        if (publisher == null) {
            return "waiting for Kura's cloud publisher " + target;
        }
        PendingConfirmations p = current();
        return "Kura's cloud publisher " + target + (connected ? " connected" : " disconnected") + ", "
                + p.size() + " messages awaiting Kura's confirmation";
    }

    /** Confirmations for ids not ours (other applications' messages, or unknown ones), for the tests and the log. */
    long unknownConfirmations() {
        return current().unknownConfirmations();
    }

    /** Kura's listeners; called by Kura's threads. */
    private final class Listener implements CloudDeliveryListener, CloudConnectionListener {

        @Override
        public void onMessageConfirmed(String messageId) {
            if (messageId == null || !current().confirmed(messageId)) {
                LOG.debug("Kura confirmed message {}, not one of ours (or not yet known)", messageId);
            }
        }

        @Override
        public void onConnectionEstablished() {
            current().restartDeadlines(System.currentTimeMillis());
            connected = true;
            LOG.info("Kura's cloud connection is up");
            stateListener.run();
        }

        @Override
        public void onConnectionLost() {
            down("lost");
        }

        @Override
        public void onDisconnected() {
            down("closed");
        }

        private void down(String how) {
            connected = false;
            LOG.info("Kura's cloud connection {}: the uplink queues; messages Kura holds wait for its confirmation", how);
            stateListener.run();
        }
    }
}

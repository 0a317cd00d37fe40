package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The agent itself can be stopped and started (or updated) at any moment, even during a download
 * from a server that went silent: stopping waits at most about the read timeout, its worker thread
 * goes, its services go, and it comes back with its configuration.
 */
class AgentHotSwapIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    @AfterEach
    void startAgain() throws Exception {
        Bundle agent = agentBundle();
        if (agent.getState() != Bundle.ACTIVE) {
            agent.start();
        }
    }

    @Test
    void stoppedDuringADownloadItLeavesNoThreadAndComesBackConfigured() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("download.allow.http", true);
        p.put("trust.store", System.getProperty("cabinetgw.test.truststore"));
        p.put("trust.store.password", "cabinetgw-test");
        p.put("hotswap.marker", "1");
        p.put("download.read.timeout.seconds", 2);
        java.util.Set<Long> before = agentIds();
        configurationAdmin.getConfiguration("org.cabinetgw.deploy.agent", "?").update(p);
        CommandHandler agent = await(before);

        try (PackageServer server = new PackageServer()) {
            server.putSlow("/slow.dp", "v1", 15_000); // silent: the agent's read timeout (2 s) bounds its stop
            RecordingResponder r = new RecordingResponder();
            agent.handle(new CommandRequest("EXEC", List.of("download"), "1", "hotswap",
                    ("{\"dp.uri\":\"" + server.url("/slow.dp") + "\",\"dp.name\":\"" + Fixtures.NAME
                            + "\",\"dp.version\":\"1.0.0\",\"job.id\":900,\"dp.download.hash\":\"SHA256:"
                            + Fixtures.sha256(Fixtures.bytes("v1")) + "\"}").getBytes(StandardCharsets.UTF_8)), r);
            assertThat(r.reply().status()).isEqualTo(200);
            assertThat(workerThreads()).isPositive();

            Bundle bundle = agentBundle();
            long t0 = System.currentTimeMillis();
            bundle.stop();
            assertThat(System.currentTimeMillis() - t0).as("stop waits at most about the read timeout").isLessThan(6000);
            // the pool reports itself terminated from inside its last thread's exit: give that thread its last moments
            long end = System.currentTimeMillis() + 2000;
            while (workerThreads() > 0 && System.currentTimeMillis() < end) {
                Thread.sleep(10);
            }
            assertThat(workerThreads()).isZero();
            assertThat(context.getServiceReferences(CommandHandler.class, null)).isEmpty();

            bundle.start();
            assertThat(await(java.util.Set.of())).isNotNull();
            assertThat(Fixtures.bundle(context)).as("the interrupted download installed nothing").isNull();
        }
    }

    private Bundle agentBundle() {
        for (Bundle b : context.getBundles()) {
            if ("org.cabinetgw.deploy".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no org.cabinetgw.deploy bundle");
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("cabinetgw-deploy-worker")).count();
    }

    private java.util.Set<Long> agentIds() throws Exception {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (ServiceReference<CommandHandler> ref : context.getServiceReferences(CommandHandler.class, null)) {
            ids.add((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID));
        }
        return ids;
    }

    /** An agent registered since {@code before} was taken (the agent publishes no configuration to filter on). */
    private CommandHandler await(java.util.Set<Long> before) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (ServiceReference<CommandHandler> ref : context.getServiceReferences(CommandHandler.class, null)) {
                if (!before.contains(ref.getProperty(org.osgi.framework.Constants.SERVICE_ID))) {
                    CommandHandler h = context.getService(ref);
                    if (h != null) {
                        return h;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no new deploy agent");
    }
}

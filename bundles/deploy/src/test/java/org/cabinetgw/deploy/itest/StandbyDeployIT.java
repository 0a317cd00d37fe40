package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.condition.Condition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * On the standby of a gateway pair (the permit {@code org.cabinetgw.deploy.commands} configured to require the pair's
 * condition {@code cabinetgw.active}, as bundles/ha tells the integrator) a remote deployment command is refused with
 * BUSY and the reason, and queries still answer; once the condition appears (what the ha bundle registers when this
 * node takes over) the same command is carried out. The condition is registered here as the ha bundle registers it:
 * that service is the whole contract between the two.
 */
class StandbyDeployIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 10_000, filter = "(" + CommandHandler.APP_ID + "=DEPLOY-V2)")
    CommandHandler agent;

    @Test
    void theStandbyRefusesDeploymentCommandsTheActiveCarriesThemOut() throws Exception {
        Configuration permit = configurationAdmin.getConfiguration("org.cabinetgw.deploy.commands", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=cabinetgw.active)");
        permit.update(p);
        ServiceRegistration<Condition> active = null;
        try {
            String install = "{\"dp.name\":\"org.example.none\",\"dp.version\":\"1.0.0\",\"job.id\":7}";
            await(() -> status("EXEC", "install", install) == CommandResponder.BUSY, "the standby refusing EXEC");
            RecordingResponder refused = request("EXEC", "install", install);
            RecordingResponder.Reply r = refused.reply();
            assertThat(r.status()).isEqualTo(CommandResponder.BUSY);
            assertThat(String.valueOf(r.body().get("error"))).contains("does not act for the cabinet");
            assertThat(status("GET", "packages", "")).as("queries answer on the standby").isEqualTo(CommandResponder.OK);

            Dictionary<String, Object> c = new Hashtable<>();
            c.put(Condition.CONDITION_ID, "cabinetgw.active");
            active = context.registerService(Condition.class, Condition.INSTANCE, c);
            // carried out now: the package was never downloaded, which is what the agent answers
            await(() -> status("EXEC", "install", install) == CommandResponder.NOT_FOUND, "the active carrying it out");
        } finally {
            if (active != null) {
                active.unregister();
            }
            permit.delete();
        }
    }

    private int status(String method, String resource, String body) {
        try {
            return request(method, resource, body).reply().status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private RecordingResponder request(String method, String resource, String body) {
        RecordingResponder r = new RecordingResponder();
        agent.handle(new CommandRequest(method, List.of(resource), "req-" + System.nanoTime(), "itest-client",
                body.getBytes(StandardCharsets.UTF_8)), r);
        return r;
    }

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 20_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}

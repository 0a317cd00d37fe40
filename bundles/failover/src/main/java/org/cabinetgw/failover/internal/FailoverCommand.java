package org.cabinetgw.failover.internal;

import org.apache.felix.service.command.Descriptor;
import java.util.List;

import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.Finding;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands: {@code failover:status}, {@code failover:history [n]}, {@code failover:drill link|uplink}. */
@Component(service = FailoverCommand.class, property = {
        "osgi.command.scope=failover",
        "osgi.command.function=status",
        "osgi.command.function=history",
        "osgi.command.function=drill" })
public class FailoverCommand {

    @Reference
    private FailoverCoordinator coordinator;

    @Descriptor("the cabinet's state and what redundancy is lost, per dimension")
    public String status() {
        CabinetStatus s = coordinator.status();
        StringBuilder out = new StringBuilder("cabinet " + s.state() + " since " + s.since() + "\n");
        for (Finding f : s.findings()) {
            out.append("  ").append(f.dimension()).append(' ').append(f.severity()).append(" - ").append(f.phrase())
                    .append('\n');
        }
        return out.toString();
    }

    @Descriptor("the last 20 failover episodes with their actions and timings")
    public String history() {
        return history(20);
    }

    @Descriptor("the last failover episodes with their actions and timings")
    public String history(@Descriptor("how many, 1 to the most kept") int max) {
        List<Episode> list = coordinator.history(Math.max(1, Math.min(max, FailoverServlet.MAX_LIMIT)));
        if (list.isEmpty()) {
            return "no failover episodes\n";
        }
        StringBuilder out = new StringBuilder();
        for (Episode e : list) {
            out.append(e.firstSeen()).append("  ").append(e.dimension()).append("  ").append(e.what()).append("  ")
                    .append(e.open() ? "OPEN" : e.outcome());
            e.detection().ifPresent(d -> out.append("  detected ").append(d.toMillis()).append(" ms"));
            e.outage().ifPresent(d -> out.append("  outage ").append(d.toMillis()).append(" ms"));
            out.append('\n');
            e.actions().forEach(a -> out.append("    ").append(a.at()).append("  ").append(a.what()).append('\n'));
        }
        return out.toString();
    }

    /** Without its argument: how to call it (Gogo would otherwise answer with a coercion error). */
    @Descriptor("how to run a failover drill")
    public String drill() {
        return USAGE;
    }

    @Descriptor("run a failover drill: take the active link down (link) or suspend MQTT (uplink), measure, restore")
    public String drill(@Descriptor("link or uplink") String kind) throws InterruptedException {
        DrillKind k = FailoverServlet.kind(kind);
        if (k == null) {
            return USAGE;
        }
        return line(coordinator.drill(k));
    }

    static final String USAGE = "usage: failover:drill link|uplink  (link: the active network link is taken down; "
            + "uplink: MQTT is suspended; both are restored afterwards)\n";

    /** One line per result: "drill LINK REFUSED: the cabinet is DEGRADED ...", the outcome said once. */
    static String line(DrillResult r) {
        return "drill " + r.kind() + " " + r.outcome() + (r.detail().isEmpty() ? "" : ": " + r.detail()) + "\n";
    }
}

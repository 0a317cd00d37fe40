package org.cabinetgw.failover.internal;

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

    public String status() {
        CabinetStatus s = coordinator.status();
        StringBuilder out = new StringBuilder("cabinet " + s.state() + " since " + s.since() + "\n");
        for (Finding f : s.findings()) {
            out.append("  ").append(f.dimension()).append(' ').append(f.severity()).append(" - ").append(f.phrase())
                    .append('\n');
        }
        return out.toString();
    }

    public String history() {
        return history(20);
    }

    public String history(int max) {
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

    public String drill(String kind) throws InterruptedException {
        DrillKind k = FailoverServlet.kind(kind);
        if (k == null) {
            return "usage: failover:drill link|uplink\n";
        }
        DrillResult r = coordinator.drill(k);
        return "drill " + r.kind() + " " + r.outcome() + ": " + r.detail() + "\n";
    }
}

package org.cabinetgw.ha.internal;

import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.SwitchoverResult;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo commands: {@code ha:status} and {@code ha:switchover}. */
@Component(service = HaCommand.class, property = {
        "osgi.command.scope=ha",
        "osgi.command.function=status",
        "osgi.command.function=switchover" })
public class HaCommand {

    @Reference
    private HaPair pair;

    public String status() {
        HaStatus s = pair.status();
        StringBuilder out = new StringBuilder();
        out.append("node ").append(s.nodeId()).append(s.pairId().isEmpty() ? "" : " of pair " + s.pairId())
                .append(": ").append(s.role()).append(", epoch ").append(s.epoch()).append('\n');
        out.append("  ").append(s.reason()).append('\n');
        if (!s.peerId().isEmpty()) {
            out.append("peer ").append(s.peerId()).append(": ").append(s.peerRole()).append(s.peerAlive() ? ", heard" : ", NOT heard")
                    .append('\n');
        }
        for (PathStatus p : s.paths()) {
            out.append("path ").append(p.name()).append(' ').append(p.local()).append(" -> ").append(p.peer()).append(": ")
                    .append(p.up() ? "up" : "DOWN (" + p.reason() + ")").append(", accepted ").append(p.accepted())
                    .append(", refused ").append(p.refused()).append('\n');
        }
        if (!s.pairId().isEmpty()) {
            out.append("witness ").append(s.witness()).append('\n');
        }
        if (!s.refused().isEmpty()) {
            out.append("refused ").append(s.refused()).append('\n');
        }
        return out.toString();
    }

    public String switchover() {
        SwitchoverResult r = pair.switchover();
        return (r.accepted() ? "switchover: " : "switchover refused: ") + r.detail() + "\n";
    }
}

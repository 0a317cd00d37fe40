package org.cabinetgw.core.internal;

import org.apache.felix.service.command.Descriptor;
import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.HealthService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo command {@code cabinet:health}: the cabinet's health, one line per component. */
@Component(service = HealthCommand.class, property = {
        "osgi.command.scope=cabinet",
        "osgi.command.function=health" })
public class HealthCommand {

    @Reference
    private HealthService health;

    @Descriptor("the cabinet's health: its state and every component's, with the reason")
    public String health() {
        CabinetHealth current = health.current();
        StringBuilder out = new StringBuilder();
        out.append("cabinet ").append(current.overall().state()).append(" since ")
                .append(current.overall().since()).append('\n');
        current.components().forEach((name, h) -> out.append("  ").append(name).append(' ').append(h.state())
                .append(h.reason().isEmpty() ? "" : " - " + h.reason()).append('\n'));
        return out.toString();
    }
}

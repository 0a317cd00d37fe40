package org.cabinetgw.network.internal;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes with Linux iproute2, the way mwan3 does: each link has its own table holding a default route through
 * it, and an {@code ip rule from <link source address> lookup <table>} so traffic (and probes) bound to that
 * address leave through that link; the main table's default route points at the active link.
 *
 * <p>Every command is {@code ip ... replace} or checked before it changes anything, so re-applying is
 * harmless. Arguments come from validated configuration (numeric addresses, interface names) and are passed
 * without a shell.
 */
final class Iproute2Backend implements RoutingBackend {

    private final CommandRunner runner;
    private final String ip;

    Iproute2Backend(CommandRunner runner, String ipCommand) {
        this.runner = runner;
        this.ip = ipCommand;
    }

    @Override
    public String name() {
        return "iproute2";
    }

    @Override
    public boolean applies() {
        return true;
    }

    @Override
    public void prepare(LinkRoute route) throws RoutingException {
        runner.runOk(defaultRoute(route, true));
        String family = family(route);
        String pref = Integer.toString(route.rulePriority());
        String wanted = "from " + route.source().getHostAddress() + " lookup " + route.table();
        String existing = runner.runOk(List.of(ip, family, "rule", "show", "pref", pref));
        if (existing.lines().anyMatch(line -> line.contains(wanted + " ") || line.trim().endsWith(wanted))) {
            return;
        }
        // A rule at our preference that is not the wanted one is ours from an older address (DHCP renewed):
        // remove it first, or two links' rules could shadow each other.
        if (!existing.isBlank()) {
            runner.runOk(List.of(ip, family, "rule", "del", "pref", pref));
        }
        runner.runOk(List.of(ip, family, "rule", "add", "from", route.source().getHostAddress(), "lookup",
                Integer.toString(route.table()), "pref", pref));
    }

    @Override
    public void makeDefault(LinkRoute route) throws RoutingException {
        runner.runOk(defaultRoute(route, false));
    }

    @Override
    public void remove(LinkRoute route) throws RoutingException {
        String family = family(route);
        String pref = Integer.toString(route.rulePriority());
        if (!runner.runOk(List.of(ip, family, "rule", "show", "pref", pref)).isBlank()) {
            runner.runOk(List.of(ip, family, "rule", "del", "pref", pref));
        }
        // flush fails only when the table is already empty, which is the wanted outcome
        runner.run(List.of(ip, family, "route", "flush", "table", Integer.toString(route.table())));
    }

    private List<String> defaultRoute(LinkRoute route, boolean ownTable) {
        List<String> command = new ArrayList<>(List.of(ip, family(route), "route", "replace", "default"));
        if (route.gateway() != null) {
            command.add("via");
            command.add(route.gateway().getHostAddress());
        }
        command.add("dev");
        command.add(route.interfaceName());
        if (ownTable) {
            command.add("table");
            command.add(Integer.toString(route.table()));
        } else {
            // the kernel's source hint for new connections: they leave from the active link's own address
            command.add("src");
            command.add(route.source().getHostAddress());
        }
        return command;
    }

    private static String family(LinkRoute route) {
        return route.source() instanceof Inet6Address ? "-6" : "-4";
    }
}

package org.cabinetgw.campaign;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pair's "active fully isolated" row, from bundles/ha/e2e/netns-pair.sh's isolation trial: the active cut from
 * its peer and the broker at once; the standby must take over, and when the network heals there must be one ACTIVE
 * again with nothing published by the deposed node. Detected is when the isolated node stepped down, recovered the
 * time from the heal to one ACTIVE and one STANDBY; both as the harness measured them from the gateways' logs.
 */
final class PairIsolation {

    static final String ISOLATED = "pair: active isolated from peer and broker, the standby takes over, then healed";

    private static final Pattern LINE = Pattern.compile("^isolate 1: gw-(\\w) cut from peer and broker; it stepped down"
            + " after (\\?|-?\\d+) ms; gw-(\\w) ACTIVE after (\\?|-?\\d+) ms, its first message acknowledged (\\?|-?\\d+) ms"
            + " after that; healed: one ACTIVE \\(gw-\\w\\) and gw-\\w STANDBY after (\\?|-?\\d+) ms; both ACTIVE seen (\\d+)"
            + " time\\(s\\); gw-\\w's messages reaching the broker after the heal (\\d+), its broker connections since the"
            + " cut (\\d+) \\(it accepted (\\d+) while cut, kept in its own queue\\); lost \\(accepted before the cut\\) (\\d+)");

    private PairIsolation() {
    }

    static Row row(int round, List<String> output) {
        for (String line : output) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Long steppedDown = millis(m.group(2));
            Long healed = millis(m.group(6));
            int both = Integer.parseInt(m.group(7));
            int published = Integer.parseInt(m.group(8));
            int connections = Integer.parseInt(m.group(9));
            boolean ok = millis(m.group(4)) != null && healed != null && both == 0 && published == 0 && connections == 0;
            String action = "gw-" + m.group(1) + " stepped down " + m.group(2) + " ms after the cut; gw-" + m.group(3)
                    + " ACTIVE after " + m.group(4) + " ms, its first message acknowledged " + m.group(5) + " ms later;"
                    + " healed to one ACTIVE in " + m.group(6) + " ms; the deposed node held " + m.group(10)
                    + " in its own queue, published " + published + " after the heal over " + connections
                    + " connection(s); both ACTIVE seen " + both + " time(s)"
                    + (ok ? "" : " [two actives, a deposed node publishing, or no single ACTIVE after the heal]");
            return new Row(round, ISOLATED, steppedDown, action, ok ? healed : null, Integer.parseInt(m.group(11)), 0, 0, 0,
                    0, 0, 0, null, "", null, "");
        }
        String failures = String.join("; ", output.stream().filter(l -> l.startsWith("FAIL isolate")).toList());
        return new Row(round, ISOLATED, null, "the harness did not report the trial 'isolate 1': "
                + (failures.isEmpty() ? (output.isEmpty() ? "no output" : output.get(output.size() - 1)) : failures),
                null, 0, 0, 0, 0, 0, 0, 0, null, "", null, "");
    }

    private static Long millis(String text) {
        return text.equals("?") ? null : Long.valueOf(text);
    }
}

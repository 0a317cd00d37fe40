package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The campaign's table: printed, and written as campaign.json and campaign.md. */
final class Report {

    private Report() {
    }

    static String markdown(long seed, String summary, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("Fault campaign, seed ").append(seed).append(": ").append(summary).append("\n\n");
        b.append("| # | fault | detected after | action | recovered after | lost | duplicates | log lines (per min) | stack traces | threads Δ | fds Δ | failover history | events to the cloud |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            if (r.skipped() != null) {
                b.append("| ").append(r.round()).append(" | ").append(r.fault()).append(" | skipped: ").append(r.skipped())
                        .append(" | | | | | | | | | | |\n");
                continue;
            }
            b.append("| ").append(r.round()).append(" | ").append(r.fault()).append(" | ").append(seconds(r.detectedMillis()))
                    .append(" | ").append(r.action().replace("|", "/")).append(" | ").append(seconds(r.recoveredMillis()))
                    .append(" | ").append(r.lost()).append(" | ").append(r.duplicates()).append(" | ").append(r.logLines())
                    .append(String.format(Locale.ROOT, " (%.0f)", r.logLinesPerMinute())).append(" | ").append(r.stackTraces())
                    .append(" | ").append(signed(r.threadsDelta())).append(" | ").append(signed(r.fdsDelta())).append(" | ")
                    .append(r.episodes() == null ? "" : r.episodes().replace("|", "/")).append(" | ")
                    .append(r.cloudEvents() == null ? "" : r.cloudEvents()).append(" |\n");
        }
        return b.toString();
    }

    static void write(Path dir, long seed, String summary, List<Row> rows) throws IOException {
        Files.createDirectories(dir);
        JsonObject root = new JsonObject();
        root.addProperty("seed", seed);
        root.addProperty("summary", summary);
        JsonArray array = new JsonArray();
        for (Row r : rows) {
            JsonObject o = new GsonBuilder().serializeNulls().create().toJsonTree(r).getAsJsonObject();
            o.addProperty("violations", r.violations());
            array.add(o);
        }
        root.add("rows", array);
        Files.writeString(dir.resolve("campaign.json"), new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root));
        Files.writeString(dir.resolve("campaign.md"), markdown(seed, summary, rows));
    }

    private static String seconds(Long millis) {
        return millis == null ? "**never**" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : Integer.toString(n);
    }
}

package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.Health;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class HealthJsonTest {

    @Test
    void writesOverallAndComponentsAndEscapesHostileReasons() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        String hostile = "quote \" backslash \\ newline \n </script>";
        CabinetHealth h = Aggregation.aggregate(Map.of("x", Health.down(hostile, t)), null, t);

        JsonObject json = JsonParser.parseString(HealthJson.write(h)).getAsJsonObject();

        assertThat(json.get("status").getAsString()).isEqualTo("DOWN");
        assertThat(json.get("since").getAsString()).isEqualTo("2026-11-22T10:00:00Z");
        JsonObject x = json.getAsJsonObject("components").getAsJsonObject("x");
        assertThat(x.get("reason").getAsString()).isEqualTo(hostile);
        assertThat(x.get("status").getAsString()).isEqualTo("DOWN");
    }
}

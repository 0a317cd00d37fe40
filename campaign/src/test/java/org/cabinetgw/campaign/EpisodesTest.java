package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class EpisodesTest {

    /** As bundles/failover's EpisodeJson writes them, newest first (HistoryStore.newest). */
    private static final String HISTORY = """
            [{"id":"e3","dimension":"SOFTWARE","what":"drill link wired","firstSeen":5000,"actions":[],"outcome":"passed"},
             {"id":"e2","dimension":"NETWORK","what":"link wired","firstSeen":3000,"declared":3965,"actions":[
                {"at":3966,"what":"default route wired -> cellular"}],"restored":7100,"outcome":"restored",
              "detectionMillis":965,"firstActionMillis":966,"outageMillis":4100},
             {"id":"e1","dimension":"NETWORK","what":"transport MQTT","firstSeen":2500,"actions":[],"outcome":"open"},
             {"id":"e0","dimension":"STORAGE","what":"RAID md0","firstSeen":100,"declared":120,"actions":[],
              "restored":900,"outcome":"restored","detectionMillis":20,"outageMillis":800}]
            """;

    @Test
    void theEpisodesSinceTheInjectionOldestFirstWithTheCoordinatorsOwnTimings() {
        assertEquals(List.of("transport MQTT: not declared, not restored (open)",
                "link wired: declared after 965 ms, restored after 4100 ms (restored)"), Episodes.since(HISTORY, 3000));
    }

    @Test
    void aDrillIsTheCampaignsOwnDoingAndAnEpisodeBeforeTheInjectionIsAnotherFaults() {
        assertEquals(List.of(), Episodes.since(HISTORY, 6000 + Episodes.SLACK_MILLIS));
    }

    @Test
    void eachRowHasTheEpisodesUntilTheNextFaultsInjection() {
        assertEquals(List.of("transport MQTT: not declared, not restored (open)"), Episodes.between(HISTORY, 2500, 3900));
        assertEquals(List.of("RAID md0: declared after 20 ms, restored after 800 ms (restored)"),
                Episodes.between(HISTORY, 100, 2500));
    }

    @Test
    void noAnswerOrNoHistoryIsNoEpisode() {
        assertEquals(List.of(), Episodes.since(null, 0));
        assertEquals(List.of(), Episodes.since("{\"error\":\"no such resource\"}", 0));
        assertEquals(List.of(), Episodes.since("<html>not json", 0));
    }

    @Test
    void aFaultTheCoordinatorActsOnFailsItsRowWithoutItsEpisode() {
        Row without = new Row(1, "wired down", 300L, "did", 4000L, 0, 0, 1, 1, 0, 0, 0, null, "transport MQTT: not declared",
                "link wired", "");
        assertEquals("no failover episode 'link wired'; ", without.violations());
        Row with = new Row(1, "wired down", 300L, "did", 4000L, 0, 0, 1, 1, 0, 0, 0, null,
                "link wired: declared after 965 ms, restored after 4100 ms (restored)", "link wired", "");
        assertEquals("", with.violations());
        Row open = new Row(1, "wired down", 300L, "did", 4000L, 0, 0, 1, 1, 0, 0, 0, null,
                "link wired: declared after 965 ms, restored after 4100 ms (restored); link wired: declared after 0 ms,"
                        + " not restored (open)", "link wired", "");
        assertEquals("failover episode 'link wired' not restored; ", open.violations());
    }
}

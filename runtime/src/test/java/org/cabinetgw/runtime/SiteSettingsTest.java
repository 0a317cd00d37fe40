package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration rules across starts, against a store that behaves as ConfigurationAdmin does for them
 * (the end-to-end test, SiteConfigurationIT, runs them against the real one).
 */
class SiteSettingsTest {

    private static final String MQTT = "org.cabinetgw.uplink.mqtt";

    @TempDir
    Path dir;
    private final Map<String, Map<String, Object>> store = new HashMap<>();
    private final FeatureCatalog catalog = new FeatureCatalog();
    private final SiteSettings.Store cm = new SiteSettings.Store() {
        @Override
        public Map<String, Object> properties(String pid) {
            return store.containsKey(pid) ? new HashMap<>(store.get(pid)) : null;
        }

        @Override
        public void update(String pid, Map<String, Object> properties) {
            store.put(pid, new HashMap<>(properties));
        }

        @Override
        public void delete(String pid) {
            store.remove(pid);
        }
    };

    @BeforeEach
    void featureDefaults() throws Exception {
        catalog.addFeatureDefaults("uplink.json", """
                {"org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:1883", "topic.prefix": "cabinetgw/gateway"}}
                """);
    }

    private void start(String site) throws Exception {
        new SiteSettings(SiteFile.parse(dir.resolve("site.json"), site), catalog, List.of(),
                dir.resolve("site-applied.properties")).apply(cm);
    }

    @Test
    void theFileWinsOverWhatItNamesAtEveryStartAndOnlyThere() throws Exception {
        start("{\"" + MQTT + "\": {\"server.uri\": \"tcp://a:1883\"}}");
        assertThat(store.get(MQTT)).as("created with the feature's defaults under the site's value")
                .containsEntry("server.uri", "tcp://a:1883").containsEntry("topic.prefix", "cabinetgw/gateway");

        store.get(MQTT).put("server.uri", "tcp://edited:1883"); // the web console
        store.get(MQTT).put("qos", 0);
        start("{\"" + MQTT + "\": {\"server.uri\": \"tcp://b:1883\"}}");
        assertThat(store.get(MQTT)).as("the file's value again; the console's edit of another key kept")
                .containsEntry("server.uri", "tcp://b:1883").containsEntry("qos", 0);
    }

    @Test
    void aKeyRemovedFromTheFileGoesBackToTheFeatureDefault() throws Exception {
        start("{\"" + MQTT + "\": {\"server.uri\": \"tcp://a:1883\", \"topic.prefix\": \"site/x\", \"client.id\": \"c42\"}}");
        start("{\"" + MQTT + "\": {}}");
        assertThat(store.get(MQTT)).containsEntry("server.uri", "tcp://127.0.0.1:1883")
                .containsEntry("topic.prefix", "cabinetgw/gateway").doesNotContainKey("client.id");
    }

    @Test
    void aFactoryConfigurationTheFileMadeGoesWhenTheFileNoLongerNamesIt() throws Exception {
        start("{\"org.cabinetgw.power.meter~ups\": {\"host\": \"10.0.0.5\"}}");
        assertThat(store).containsKey("org.cabinetgw.power.meter~ups");
        start("{}");
        assertThat(store).doesNotContainKey("org.cabinetgw.power.meter~ups");
    }

    @Test
    void aCorrectedRefusedValueReplacesIt() throws Exception {
        start("{\"org.cabinetgw.uplink\": {\"failover.seconds\": -5}}");
        start("{\"org.cabinetgw.uplink\": {\"failover.seconds\": 30}}");
        assertThat(store.get("org.cabinetgw.uplink")).containsEntry("failover.seconds", 30L);
    }

    @Test
    void theUnknownNamesGoToTheCoresConfigurationAndBadValuesAreLeftToTheirComponent() throws Exception {
        new SiteSettings(SiteFile.parse(dir.resolve("site.json"), "{}"), catalog,
                List.of(new SiteCheck.Problem(MQTT, "clientid", "no such setting", true),
                        new SiteCheck.Problem(MQTT, "qos", "5 is out of range", false)),
                dir.resolve("site-applied.properties")).apply(cm);
        assertThat((String[]) store.get(SiteSettings.PROBLEMS_PID).get("problems"))
                .containsExactly(MQTT + " clientid: no such setting");
        assertThat(store.get(SiteSettings.PROBLEMS_PID).get("file")).isEqualTo(dir.resolve("site.json").toString());
    }
}

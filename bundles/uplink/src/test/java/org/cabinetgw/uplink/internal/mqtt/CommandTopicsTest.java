package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTopicsTest {

    private final CommandTopics topics = new CommandTopics("cab", "gw1");

    @Test
    void topicsFollowKuraLayout() {
        assertThat(topics.requestFilter("DEPLOY-V2")).isEqualTo("cab/gw1/DEPLOY-V2/#");
        assertThat(topics.replyTopic("cloud-1", "DEPLOY-V2", "r42")).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/r42");
        assertThat(topics.notifyTopic("DEPLOY-V2", "cloud-1", "download"))
                .isEqualTo("cab/gw1/DEPLOY-V2/NOTIFY/cloud-1/download");
    }

    @Test
    void requestSplitsIntoMethodAndResources() {
        CommandTopics.Parsed p = topics.parse("cab/gw1/DEPLOY-V2/GET/bundles").orElseThrow();
        assertThat(p.appId()).isEqualTo("DEPLOY-V2");
        assertThat(p.method()).isEqualTo("GET");
        assertThat(p.resources()).containsExactly("bundles");
        assertThat(p.error()).isNull();
        assertThat(topics.parse("cab/gw1/APP/EXEC/a/b/c").orElseThrow().resources()).containsExactly("a", "b", "c");
    }

    @Test
    void topicsNotForUsAreIgnored() {
        assertThat(topics.parse("cab/gw2/DEPLOY-V2/GET/bundles")).isEmpty();
        assertThat(topics.parse("cab/gw1")).isEmpty();
        assertThat(topics.parse("cab/gw1/DEPLOY-V2")).isEmpty();
        assertThat(topics.parse("cab/gw10/DEPLOY-V2/GET/x")).isEmpty();
        assertThat(topics.parse(null)).isEmpty();
        // our own notifications come back through the '#' filter: not requests
        assertThat(topics.parse("cab/gw1/DEPLOY-V2/NOTIFY/cloud/download")).isEmpty();
        assertThat(topics.parse("cab/gw1/DEPLOY-V2/REPLY/r1")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "FETCH", "get", "", "GET ", "EXEC\u0000" })
    void unknownMethodNamesTheMethodField(String method) {
        CommandTopics.Parsed p = topics.parse("cab/gw1/APP/" + method + "/bundles").orElseThrow();
        assertThat(p.field()).isEqualTo("method");
        assertThat(p.error()).contains("method");
        assertThat(p.resources()).isEmpty();
    }

    @Test
    void badResourcesNameTheResourceField() {
        assertThat(topics.parse("cab/gw1/APP/GET").orElseThrow().field()).isEqualTo("resource");
        assertThat(topics.parse("cab/gw1/APP/GET/").orElseThrow().field()).isEqualTo("resource");
        assertThat(topics.parse("cab/gw1/APP/GET/a//b").orElseThrow().field()).isEqualTo("resource");
        assertThat(topics.parse("cab/gw1/APP/GET/a b").orElseThrow().field()).isEqualTo("resource");
        assertThat(topics.parse("cab/gw1/APP/GET/" + "x/".repeat(9) + "x").orElseThrow().error())
                .contains("at most 8");
        assertThat(topics.parse("cab/gw1/APP/GET/" + "y".repeat(129)).orElseThrow().field()).isEqualTo("resource");
    }

    @Test
    void errorMessagesAreClippedAndPrintable() {
        String hostile = "\u001b[31m" + "Z".repeat(5000);
        CommandTopics.Parsed p = topics.parse("cab/gw1/APP/" + hostile + "/x").orElseThrow();
        assertThat(p.error()).hasSizeLessThan(120).doesNotContain("\u001b");
    }

    @Test
    void safeLevelRejectsWildcardsAndSeparators() {
        for (String bad : List.of("", "a/b", "+", "#", "a+", "a#", "a b", "\u0000", "ä", "x".repeat(129))) {
            assertThat(CommandTopics.isSafeLevel(bad)).as(bad).isFalse();
        }
        assertThat(CommandTopics.isSafeLevel(null)).isFalse();
        for (String good : List.of("cloud-1", "r.42", "a:b@c_d", "x".repeat(128))) {
            assertThat(CommandTopics.isSafeLevel(good)).as(good).isTrue();
        }
    }
}

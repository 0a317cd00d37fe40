package org.cabinetgw.support.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RenamedSettingsTest {

    enum Mode { FAST, SLOW }

    @interface Probe {
        int probe_interval_millis() default 200;
        String tls_trust_store_password() default "";
        String[] targets() default {"a"};
        double loss_percent() default 20.0;
        boolean metered() default false;
        Mode mode() default Mode.FAST;
        long size() default 1;
        String name() default "wired";
    }

    private static final RenamedSettings TABLE = RenamedSettings.of("org.cabinetgw.test", Map.of(
            "probe.interval.ms", "probe.interval.millis", "tls.truststore.password", "tls.trust.store.password",
            "targetList", "targets", "lossPercent", "loss.percent", "isMetered", "metered", "speed", "mode",
            "sizeMb", "size"));

    private final List<String> warnings = new ArrayList<>();

    /** What DS hands the component: the new names only, their defaults when absent. */
    private static Probe fromDs(Map<String, Object> properties) {
        return (Probe) Proxy.newProxyInstance(Probe.class.getClassLoader(), new Class<?>[] {Probe.class},
                (proxy, m, args) -> {
                    Object v = properties.get(PropertyNames.of(m.getName()));
                    return v != null ? v : m.getDefaultValue();
                });
    }

    private Probe read(Map<String, Object> properties) {
        return TABLE.config(Probe.class, fromDs(properties), properties, warnings::add);
    }

    @Test
    void theOldNameAloneGivesItsValueAndOneWarningNamingBoth() {
        Probe c = read(Map.of("probe.interval.ms", 500, "name", "cell"));
        assertThat(c.probe_interval_millis()).isEqualTo(500);
        assertThat(c.name()).isEqualTo("cell");
        assertThat(c.targets()).containsExactly("a");
        assertThat(warnings).containsExactly("org.cabinetgw.test: probe.interval.ms is now probe.interval.millis; "
                + "rename it in the configuration (the old name is read for this release only)");
    }

    @Test
    void bothNamesSetTheNewOneWinsAndTheWarningSaysTheOldIsIgnored() {
        Probe c = read(Map.of("probe.interval.ms", 500, "probe.interval.millis", 900));
        assertThat(c.probe_interval_millis()).isEqualTo(900);
        assertThat(warnings).containsExactly("org.cabinetgw.test: probe.interval.ms is now probe.interval.millis; "
                + "both are set, probe.interval.millis = 900 is used and probe.interval.ms = 500 is ignored; "
                + "remove probe.interval.ms from the configuration");
    }

    /**
     * DS hands the component every default as a property too (bnd writes them into the component description):
     * a new name holding its default is not set, and the old name's value is read. LinkManagerIT found it: a link
     * configured with the last release's names ran on the defaults, every old name "ignored".
     */
    @Test
    void aNewNameHoldingOnlyItsDefaultDoesNotHideTheOldName() {
        Map<String, Object> properties = new HashMap<>(Map.of("probe.interval.millis", 200, "targets",
                new String[] {"a"}, "loss.percent", 20.0, "metered", false, "mode", "FAST", "size", 1L));
        properties.putAll(Map.of("probe.interval.ms", 50, "targetList", new String[] {"x", "y"}, "lossPercent", "5",
                "isMetered", "true", "speed", "SLOW", "sizeMb", 7));
        Probe c = read(properties);
        assertThat(c.probe_interval_millis()).isEqualTo(50);
        assertThat(c.targets()).containsExactly("x", "y");
        assertThat(c.loss_percent()).isEqualTo(5.0);
        assertThat(c.metered()).isTrue();
        assertThat(c.mode()).isEqualTo(Mode.SLOW);
        assertThat(c.size()).isEqualTo(7L);
        assertThat(warnings).hasSize(6).allMatch(w -> w.contains("rename it in the configuration"));
    }

    /** The bundles' configuration types are package-private elsewhere: the view still answers their settings. */
    @Test
    void aPackagePrivateTypeInAnotherPackageIsAnsweredToo() {
        assertThat(org.cabinetgw.support.internal.settings.elsewhere.ElsewhereSettings.read(TABLE,
                Map.of("probe.interval.millis", 200, "probe.interval.ms", 50, "name", "cell"), warnings::add))
                .isEqualTo("50 cell");
    }

    @Test
    void onlyNewNamesNeedNoWarningAndNoView() {
        Probe ds = fromDs(Map.of("probe.interval.millis", 900));
        assertThat(TABLE.config(Probe.class, ds, Map.of("probe.interval.millis", 900), warnings::add)).isSameAs(ds);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFactoryConfigurationIsNamedByItsOwnPid() {
        read(Map.of("probe.interval.ms", "300", "service.pid", "org.cabinetgw.test~cell"));
        assertThat(warnings).singleElement().asString().startsWith("org.cabinetgw.test~cell: probe.interval.ms");
    }

    @Test
    void aSecretIsNeverWrittenToTheWarning() {
        Probe c = read(Map.of("tls.truststore.password", "hunter2", "tls.trust.store.password", "s3cret"));
        assertThat(c.tls_trust_store_password()).isEqualTo("s3cret");
        assertThat(warnings).singleElement().asString().doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("(secret)");
    }

    @Test
    void valuesAreCoercedAsDeclarativeServicesDoes() {
        Map<String, Object> p = new HashMap<>();
        p.put("probe.interval.ms", " 750 ");
        p.put("targetList", List.of("x", "y"));
        p.put("lossPercent", "12.5");
        p.put("isMetered", "TRUE");
        p.put("speed", "SLOW");
        p.put("sizeMb", new Integer[] {4, 5});
        Probe c = read(p);
        assertThat(c.probe_interval_millis()).isEqualTo(750);
        assertThat(c.targets()).containsExactly("x", "y");
        assertThat(c.loss_percent()).isEqualTo(12.5);
        assertThat(c.metered()).isTrue();
        assertThat(c.mode()).isEqualTo(Mode.SLOW);
        assertThat(c.size()).isEqualTo(4L);
        assertThat(warnings).hasSize(6);
        assertThat(read(Map.of("targetList", "one")).targets()).containsExactly("one");
        assertThat(read(Map.of("probe.interval.ms", 3.0)).probe_interval_millis()).isEqualTo(3);
    }

    @Test
    void hostileValuesAreRefusedNamingBothNames() {
        assertThatThrownBy(() -> read(Map.of("probe.interval.ms", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.cabinetgw.test: probe.interval.ms (now probe.interval.millis) = fast is not a whole "
                        + "number in the setting's range");
        assertThatThrownBy(() -> read(Map.of("probe.interval.ms", 99_999_999_999L))).hasMessageContaining("99999999999");
        assertThatThrownBy(() -> read(Map.of("probe.interval.ms", 2.5))).hasMessageContaining("is not a whole number");
        assertThatThrownBy(() -> read(Map.of("probe.interval.ms", Double.NaN))).hasMessageContaining("NaN");
        assertThatThrownBy(() -> read(Map.of("probe.interval.ms", new int[0]))).hasMessageContaining("is empty");
        assertThatThrownBy(() -> read(Map.of("lossPercent", "1e"))).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> read(Map.of("isMetered", "yes"))).hasMessageContaining("is not true or false");
        assertThatThrownBy(() -> read(Map.of("speed", "slow; rm -rf /"))).hasMessageContaining("is not one of [FAST, SLOW]");
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("probe.interval.ms", java.util.Arrays.asList((Object) null));
        assertThatThrownBy(() -> read(nulls)).hasMessageContaining("has no value");
    }

    @Test
    void applyMovesOldNamesToNewOnesForWhateverReadsRawProperties() {
        Map<String, Object> out = TABLE.apply(Map.of("probe.interval.ms", 5, "other", "x"), warnings::add);
        assertThat(out).containsOnly(Map.entry("probe.interval.millis", 5), Map.entry("other", "x"));
        assertThat(warnings).hasSize(1);
    }

    @Test
    void theTableIsReadFromTheBundlesResourceAndAMissingOneIsABuildMistake() {
        assertThat(RenamedSettings.of("org.cabinetgw.test", RenamedSettingsTest.class).oldToNew())
                .containsEntry("probe.interval.ms", "probe.interval.millis").hasSize(2);
        assertThatThrownBy(() -> RenamedSettings.of("org.cabinetgw.none", RenamedSettingsTest.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OSGI-INF/renamed-settings/org.cabinetgw.none.properties");
    }

    @Test
    void methodNamesMapToPropertyNamesAsInDeclarativeServices() {
        assertThat(PropertyNames.of("probe_interval_millis")).isEqualTo("probe.interval.millis");
        assertThat(PropertyNames.of("a__b")).isEqualTo("a_b");
        assertThat(PropertyNames.of("a$$b")).isEqualTo("a$b");
        assertThat(PropertyNames.of("a$_$b")).isEqualTo("a-b");
        assertThat(PropertyNames.of("a$b")).isEqualTo("ab");
    }
}

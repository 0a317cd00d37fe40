package org.cabinetgw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AnnotationConfigTest {

    @interface Sample {
        int poll_seconds() default 10;

        String tls_trust_store() default "";

        String name();
    }

    @Test
    void aValueIsFoundUnderTheMethodNameOrThePropertyNameElseTheDefault() {
        Sample byMethod = AnnotationConfig.of(Sample.class, Map.of("poll_seconds", 5, "name", "a"));
        Sample byProperty = AnnotationConfig.of(Sample.class, Map.of("poll.seconds", 7, "tls.trust.store", "/ts",
                "name", "b"));
        assertThat(byMethod.poll_seconds()).isEqualTo(5);
        assertThat(byMethod.tls_trust_store()).isEmpty();
        assertThat(byProperty.poll_seconds()).isEqualTo(7);
        assertThat(byProperty.tls_trust_store()).isEqualTo("/ts");
        assertThat(byProperty.annotationType()).isEqualTo(Sample.class);
        assertThat(byProperty.toString()).startsWith("Sample{");
        assertThat(byProperty).isEqualTo(byProperty).isNotEqualTo(byMethod);
    }

    @Test
    void anAttributeWithoutValueOrDefaultIsSaidAtOnce() {
        Sample s = AnnotationConfig.of(Sample.class, Map.of());
        assertThat(s.poll_seconds()).isEqualTo(10);
        assertThatThrownBy(s::name).isInstanceOf(IllegalStateException.class)
                .hasMessage("Sample.name() has no value in [] and no default");
    }
}

package org.cabinetgw.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class KuraTypesTest {

    @Test
    void textBecomesTheValueOfTheMetatypesTypeAsConfigurationAdminStoresIt() {
        assertThat(KuraTypes.value(AttributeDefinition.INTEGER, false, List.of(" 42 "))).isEqualTo(42);
        assertThat(KuraTypes.value(AttributeDefinition.LONG, false, List.of("-9"))).isEqualTo(-9L);
        assertThat(KuraTypes.value(AttributeDefinition.DOUBLE, false, List.of("2.5"))).isEqualTo(2.5);
        assertThat(KuraTypes.value(AttributeDefinition.BOOLEAN, false, List.of("TRUE"))).isEqualTo(true);
        assertThat(KuraTypes.value(AttributeDefinition.CHARACTER, false, List.of(" "))).isEqualTo(' ');
        assertThat(KuraTypes.value(AttributeDefinition.PASSWORD, false, List.of(" s p "))).isEqualTo(" s p ");
        assertThat((Object[]) KuraTypes.value(AttributeDefinition.INTEGER, true, List.of("1", "2")))
                .isInstanceOf(Integer[].class).containsExactly(1, 2);
        assertThat((Object[]) KuraTypes.value(AttributeDefinition.STRING, true, List.of())).isEmpty();
    }

    @Test
    void textNotOfTheTypeIsRefusedNamingTheText() {
        assertThatThrownBy(() -> KuraTypes.value(AttributeDefinition.INTEGER, false, List.of("abc")))
                .hasMessage("'abc' is not a Integer");
        assertThatThrownBy(() -> KuraTypes.value(AttributeDefinition.INTEGER, false, List.of("99999999999")))
                .hasMessage("'99999999999' is not a Integer");
        assertThatThrownBy(() -> KuraTypes.value(AttributeDefinition.BOOLEAN, false, List.of("yes")))
                .hasMessage("'yes' is not true or false");
        assertThatThrownBy(() -> KuraTypes.value(AttributeDefinition.CHARACTER, false, List.of("ab")))
                .hasMessage("'ab' is not one character");
    }

    @Test
    void kurasTypeNames() {
        assertThat(KuraTypes.name(AttributeDefinition.CHARACTER)).isEqualTo("Char");
        assertThat(KuraTypes.name(AttributeDefinition.PASSWORD)).isEqualTo("Password");
        assertThat(KuraTypes.name(AttributeDefinition.BIGDECIMAL)).isEqualTo("String");
        assertThat(KuraTypes.nameOf(new Long[] { 1L })).isEqualTo("Long");
        assertThat(KuraTypes.texts(new int[] { 1, 2 })).containsExactly("1", "2");
    }
}

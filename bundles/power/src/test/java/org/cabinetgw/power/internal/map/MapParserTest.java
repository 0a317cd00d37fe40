package org.cabinetgw.power.internal.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cabinetgw.modbus.Table;
import org.junit.jupiter.api.Test;

class MapParserTest {

    private static RegisterMap parse(String... entries) {
        return MapParser.parse("test", entries, 125, 0);
    }

    @Test
    void readsEveryFieldAndDefaultsTheOptionalOnes() {
        RegisterMap m = parse("# comment", "", "voltage;input;0x10;float32;CDAB;1;0;V",
                "on_battery;coil;3;bool", "serial;holding;100;string;BADC;;;;8", "t;holding;200;int16;;0.1;-40;C");
        assertThat(m.points()).hasSize(4);
        Point v = m.point("voltage");
        assertThat(v.table()).isEqualTo(Table.INPUT_REGISTER);
        assertThat(v.address()).isEqualTo(16);
        assertThat(v.order()).isEqualTo(WordOrder.CDAB);
        assertThat(v.unit()).isEqualTo("V");
        assertThat(m.point("on_battery").order()).isEqualTo(WordOrder.ABCD);
        assertThat(m.point("serial").size()).isEqualTo(8);
        assertThat(m.point("t").scale()).isEqualTo(0.1);
        assertThat(m.point("t").offset()).isEqualTo(-40);
    }

    @Test
    void errorsNameTheEntryAndTheField() {
        assertThatThrownBy(() -> parse("a;input;0;float32", "b;inputs;2;float32"))
                .hasMessage("register map 'test' entry 2 'b;inputs;2;float32': table 'inputs' is not one of coil, discrete, holding, input");
        assertThatThrownBy(() -> parse("a;input;zero;float32")).hasMessageContaining("address 'zero' is not a whole number");
        assertThatThrownBy(() -> parse("a;input;0;float")).hasMessageContaining("type 'float' is not one of");
        assertThatThrownBy(() -> parse("a;input;0;float32;ABDC")).hasMessageContaining("word order 'ABDC'");
        assertThatThrownBy(() -> parse("a;input;0;float32;ABCD;x")).hasMessageContaining("scale 'x' is not a number");
        assertThatThrownBy(() -> parse("a;input;0")).hasMessageContaining("got 3 fields");
        assertThatThrownBy(() -> parse("a;input;0;string")).hasMessageContaining("a string needs its length");
    }

    @Test
    void hostileTextIsRefusedNotCrashedOn() {
        assertThatThrownBy(() -> parse("a;input;99999999999;uint16")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse(";;;;;;;;;;;;")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("\u0000;input;0;uint16")).hasMessageContaining("point name");
        assertThatThrownBy(() -> parse("a;input;0;uint16;ABCD;NaN")).hasMessageContaining("scale NaN");
        assertThatThrownBy(() -> parse("a;input;0;uint16;ABCD;1;Infinity")).hasMessageContaining("offset Infinity");
        assertThatThrownBy(() -> parse((String[]) null)).hasMessageContaining("has no points");
        assertThatThrownBy(() -> parse("# only a comment")).hasMessageContaining("has no points");
    }
}

package org.cabinetgw.modbus.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cabinetgw.modbus.Table;
import org.junit.jupiter.api.Test;

class RequestChecksTest {

    @Test
    void acceptsTheProtocolLimits() {
        assertThatCode(() -> RequestChecks.read(1, Table.HOLDING_REGISTER, 0, 125, false)).doesNotThrowAnyException();
        assertThatCode(() -> RequestChecks.read(255, Table.COIL, 65535, 1, true)).doesNotThrowAnyException();
        assertThatCode(() -> RequestChecks.read(0, Table.DISCRETE_INPUT, 63536, 2000, true)).doesNotThrowAnyException();
        assertThatCode(() -> RequestChecks.writeRegisters(1, 0, new int[123])).doesNotThrowAnyException();
    }

    @Test
    void refusesCountsBeyondOneRequest() {
        assertThatThrownBy(() -> RequestChecks.read(1, Table.INPUT_REGISTER, 0, 126, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 126 is outside 1-125");
        assertThatThrownBy(() -> RequestChecks.read(1, Table.COIL, 0, 2001, true))
                .hasMessageContaining("count 2001 is outside 1-2000");
        assertThatThrownBy(() -> RequestChecks.read(1, Table.COIL, 0, 0, true)).hasMessageContaining("count 0");
    }

    @Test
    void refusesAddressesOutsideTheTable() {
        assertThatThrownBy(() -> RequestChecks.read(1, Table.HOLDING_REGISTER, -1, 1, false))
                .hasMessageContaining("address -1 is outside 0-65535");
        assertThatThrownBy(() -> RequestChecks.read(1, Table.HOLDING_REGISTER, 65530, 10, false))
                .hasMessageContaining("addresses 65530-65539 pass 65535");
    }

    @Test
    void refusesBadUnitsValuesAndTables() {
        assertThatThrownBy(() -> RequestChecks.read(256, Table.HOLDING_REGISTER, 0, 1, false))
                .hasMessageContaining("unit id 256");
        assertThatThrownBy(() -> RequestChecks.read(1, Table.COIL, 0, 1, false)).hasMessageContaining("holds bits");
        assertThatThrownBy(() -> RequestChecks.read(1, Table.INPUT_REGISTER, 0, 1, true))
                .hasMessageContaining("holds registers");
        assertThatThrownBy(() -> RequestChecks.read(1, null, 0, 1, true)).hasMessageContaining("table");
        assertThatThrownBy(() -> RequestChecks.writeRegisters(1, 0, new int[] {65536}))
                .hasMessageContaining("register value 65536");
        assertThatThrownBy(() -> RequestChecks.writeRegisters(1, 0, new int[] {-1})).hasMessageContaining("-1");
        assertThatThrownBy(() -> RequestChecks.writeRegisters(1, 0, new int[0])).hasMessageContaining("got 0");
        assertThatThrownBy(() -> RequestChecks.writeRegisters(1, 0, null)).hasMessageContaining("none");
        assertThatThrownBy(() -> RequestChecks.writeCoils(1, 0, new boolean[1969])).hasMessageContaining("1969");
    }
}

package org.cabinetgw.power.internal.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.modbus.Table;
import org.cabinetgw.power.internal.preset.Presets;
import org.junit.jupiter.api.Test;

class BlockPlannerTest {

    @Test
    void adjacentPointsBecomeOneRequest() {
        RegisterMap m = new RegisterMap("m", List.of(Point.of("b", Table.INPUT_REGISTER, 2, DataType.FLOAT32),
                Point.of("a", Table.INPUT_REGISTER, 0, DataType.FLOAT32), Point.of("c", Table.INPUT_REGISTER, 4, DataType.INT64)),
                125, 0);
        List<Block> blocks = BlockPlanner.plan(m);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).start()).isZero();
        assertThat(blocks.get(0).count()).isEqualTo(8);
        assertThat(blocks.get(0).points()).extracting(Point::name).containsExactly("a", "b", "c");
    }

    @Test
    void aGapLargerThanAllowedSplitsAndASmallerOneIsReadAcross() {
        List<Point> points = List.of(Point.of("a", Table.HOLDING_REGISTER, 0, DataType.UINT16),
                Point.of("b", Table.HOLDING_REGISTER, 4, DataType.UINT16));
        assertThat(BlockPlanner.plan(new RegisterMap("m", points, 125, 2))).hasSize(2);
        List<Block> merged = BlockPlanner.plan(new RegisterMap("m", points, 125, 3));
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).count()).isEqualTo(5);
    }

    @Test
    void noBlockExceedsTheLimitAndNoPointIsSplit() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(Point.of("p" + i, Table.INPUT_REGISTER, 1000 + 2 * i, DataType.FLOAT32));
        }
        List<Block> blocks = BlockPlanner.plan(new RegisterMap("m", points, 125, 0));
        assertThat(blocks).extracting(Block::count).containsExactly(124, 76);
        assertThat(blocks.get(1).start()).isEqualTo(1124);
        assertThat(blocks).flatExtracting(Block::points).hasSize(100);
    }

    @Test
    void tablesAreNeverMixed() {
        RegisterMap m = new RegisterMap("m", List.of(Point.of("a", Table.HOLDING_REGISTER, 0, DataType.UINT16),
                Point.of("b", Table.INPUT_REGISTER, 1, DataType.UINT16), Point.of("c", Table.COIL, 2, DataType.BOOL),
                Point.of("d", Table.COIL, 1500, DataType.BOOL)), 125, 10);
        assertThat(BlockPlanner.plan(m)).extracting(Block::table)
                .containsExactly(Table.COIL, Table.COIL, Table.HOLDING_REGISTER, Table.INPUT_REGISTER);
    }

    @Test
    void bitBlocksMayBeLongerThanRegisterBlocks() {
        RegisterMap m = new RegisterMap("m", List.of(Point.of("a", Table.DISCRETE_INPUT, 0, DataType.BOOL),
                Point.of("b", Table.DISCRETE_INPUT, 124, DataType.BOOL), Point.of("c", Table.DISCRETE_INPUT, 1999, DataType.BOOL)),
                10, 124);
        // gaps of 123 and 1874 bits: the first merges, the second starts a new block
        assertThat(BlockPlanner.plan(m)).extracting(Block::count).containsExactly(125, 1);
    }

    @Test
    void theSdm630PresetIsOneRequestWithinEastronsLimit() {
        List<Block> blocks = BlockPlanner.plan(Presets.sdm630());
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).table()).isEqualTo(Table.INPUT_REGISTER);
        assertThat(blocks.get(0).count()).isEqualTo(76).isLessThanOrEqualTo(80);
    }
}

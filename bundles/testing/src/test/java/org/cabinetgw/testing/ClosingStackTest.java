package org.cabinetgw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClosingStackTest {

    @Test
    void closesTheLastFirstAndEveryOneEvenAfterAFailure() throws Exception {
        List<String> closed = new ArrayList<>();
        ClosingStack stack = new ClosingStack();
        stack.push(() -> closed.add("server"));
        stack.push(() -> {
            closed.add("failing");
            throw new IOException("first");
        });
        stack.push(() -> {
            closed.add("client");
            throw new IOException("second");
        });
        assertThatThrownBy(stack::close).hasMessage("second")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("first"));
        assertThat(closed).containsExactly("client", "failing", "server");
        stack.close(); // nothing left: closes nothing twice
        assertThat(closed).hasSize(3);
    }
}

package org.cabinetgw.ha;

import java.util.Objects;

/**
 * The answer to a planned switchover request.
 *
 * @param accepted whether this node handed over (it is DEMOTED now and the peer takes over)
 * @param detail   why it was refused, or what happens next
 */
public record SwitchoverResult(boolean accepted, String detail) {

    public SwitchoverResult {
        Objects.requireNonNull(detail, "detail");
    }
}

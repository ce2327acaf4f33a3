package io.decree.lin.jepsen;

import java.util.Objects;

/**
 * The request of an imported operation: its function ({@code :f}, e.g. {@code read}, {@code cas}) and the value of
 * its invocation ({@code :value}; for a read usually nil, the observed value comes back in the completion, which is
 * the operation's output).
 */
public record JepsenOp(String f, Object value) {
    public JepsenOp {
        Objects.requireNonNull(f, "f");
    }

    @Override
    public String toString() {
        return value == null ? f : f + " " + Values.show(value);
    }
}

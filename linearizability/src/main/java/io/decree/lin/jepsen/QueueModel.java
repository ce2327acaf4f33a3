package io.decree.lin.jepsen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Knossos's {@code fifo-queue}: {@code :enqueue v} appends; {@code :dequeue} completes with the value it removed from
 * the head, or nil when the queue was empty. A dequeue whose outcome is unknown removes the head if it took effect.
 */
public final class QueueModel extends JepsenModel<List<Object>> {

    public QueueModel() {
        super("queue", Set.of("enqueue", "dequeue"));
    }

    @Override
    public List<Object> init() {
        return List.of();
    }

    @Override
    public Optional<List<Object>> step(List<Object> state, JepsenOp input, Object output) {
        if (input.f().equals("dequeue")) {
            Object head = state.isEmpty() ? null : state.get(0);
            return Objects.equals(head, output) ? stepUnknown(state, input) : Optional.empty();
        }
        return stepUnknown(state, input);
    }

    @Override
    public Optional<List<Object>> stepUnknown(List<Object> state, JepsenOp input) {
        if (input.f().equals("dequeue")) {
            return Optional.of(state.isEmpty() ? state : state.subList(1, state.size()));
        }
        List<Object> next = new ArrayList<>(state);
        next.add(input.value());
        return Optional.of(Collections.unmodifiableList(next));
    }

    @Override
    protected String malformedValue(JepsenOp input, Object output, boolean completed) {
        return input.f().equals("enqueue") && input.value() == null ? ":enqueue needs a value" : null;
    }
}

package io.decree.lin.jepsen;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Knossos's {@code set}: {@code :add v} adds an element; {@code :read} returns the whole set (a collection; its order
 * does not matter), which must equal the set of elements added so far. A read of nil constrains nothing.
 */
public final class SetModel extends JepsenModel<Set<Object>> {

    public SetModel() {
        super("set", Set.of("add", "read"));
    }

    @Override
    public Set<Object> init() {
        return Set.of();
    }

    @Override
    public Optional<Set<Object>> step(Set<Object> state, JepsenOp input, Object output) {
        if (input.f().equals("read")) {
            return output == null || new HashSet<>((Collection<?>) output).equals(state) ? Optional.of(state)
                    : Optional.empty();
        }
        return stepUnknown(state, input);
    }

    @Override
    public Optional<Set<Object>> stepUnknown(Set<Object> state, JepsenOp input) {
        if (input.f().equals("read") || state.contains(input.value())) {
            return Optional.of(state);
        }
        Set<Object> added = new HashSet<>(state);
        added.add(input.value());
        return Optional.of(java.util.Collections.unmodifiableSet(added));
    }

    @Override
    public boolean isReadOnly(JepsenOp input) {
        return input.f().equals("read");
    }

    @Override
    protected String malformedValue(JepsenOp input, Object output, boolean completed) {
        if (input.f().equals("read") && completed && output != null && !(output instanceof Collection<?>)) {
            return "a set :read must complete with a collection, was " + Values.show(output);
        }
        return null;
    }
}

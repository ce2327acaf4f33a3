package io.decree.lin.jepsen;

import io.decree.lin.Model;
import java.util.Set;

/**
 * A sequential model of an object tested by Jepsen, over imported operations: the input is the invocation
 * ({@link JepsenOp}), the output the value of the {@code :ok} completion. Each model follows its Knossos namesake
 * where there is one; notably a read that returned {@code nil} constrains nothing (Knossos: an unknown read value).
 *
 * @param <S> the state, an immutable value
 */
public abstract class JepsenModel<S> implements Model<S, JepsenOp, Object> {

    private final String name;
    private final Set<String> functions;

    protected JepsenModel(String name, Set<String> functions) {
        this.name = name;
        this.functions = functions;
    }

    /** The name used on the command line, e.g. {@code cas-register}. */
    public final String name() {
        return name;
    }

    /** The {@code :f} values this model understands. */
    public final Set<String> functions() {
        return functions;
    }

    /**
     * Checks that an imported operation is well formed for this model: null if so, else what is wrong (the importer
     * adds where). {@code output} is the completion's value, or null when the outcome is unknown.
     */
    public String malformed(JepsenOp input, Object output, boolean completed) {
        if (!functions.contains(input.f())) {
            return "model " + name + " has no operation :" + input.f() + " (it knows :" + String.join(", :",
                    functions.stream().sorted().toList()) + ")";
        }
        return malformedValue(input, output, completed);
    }

    /** Model-specific value checks, see {@link #malformed}. */
    protected abstract String malformedValue(JepsenOp input, Object output, boolean completed);

    @Override
    public String describeInput(JepsenOp input) {
        return input.toString();
    }

    @Override
    public String describeOutput(Object output) {
        return Values.show(output);
    }
}

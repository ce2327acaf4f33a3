package io.decree.lin;

import java.util.Objects;
import java.util.Optional;

/**
 * A sequential specification that histories are checked against: the object as it would behave with one client at a
 * time.
 *
 * <p>States must be immutable values with {@code equals}/{@code hashCode} over their content: the checker memoises
 * (linearized set, state) pairs and would otherwise explore the same configuration again and again.
 *
 * @param <S> the state, an immutable value
 * @param <I> operation inputs (requests)
 * @param <O> operation outputs (responses)
 */
public interface Model<S, I, O> {

    /** The state before any operation. */
    S init();

    /**
     * Applies {@code input} in {@code state}, given that the client observed {@code output}.
     *
     * @return the next state, or empty when {@code output} is impossible in {@code state} (the step is illegal)
     */
    Optional<S> step(S state, I input, O output);

    /**
     * Applies {@code input} in {@code state} when its output was never observed (the operation's outcome is unknown
     * and the checker has chosen that it took effect at this point).
     *
     * @return the next state, or empty if the operation cannot take effect in {@code state} at all
     */
    Optional<S> stepUnknown(S state, I input);

    /**
     * P-compositionality: the key of the independent object {@code input} acts on, e.g. the key of a key-value
     * operation. A history is linearizable if and only if each key's sub-history is, so the checker checks them
     * separately (and the state space shrinks from a product to a sum). Return null when the model cannot be
     * partitioned; then the whole history is checked at once.
     */
    default Object partitionKey(I input) {
        return null;
    }

    /**
     * True when {@code input} never changes the state (a read). An unknown-outcome read constrains nothing, so the
     * checker drops it before searching.
     */
    default boolean isReadOnly(I input) {
        return false;
    }

    /** Human-readable operation, for reports, e.g. {@code put(k, 1)}. */
    default String describeInput(I input) {
        return String.valueOf(input);
    }

    /** Human-readable response, for reports. */
    default String describeOutput(O output) {
        return String.valueOf(output);
    }

    /** Human-readable state, for reports. */
    default String describeState(S state) {
        return String.valueOf(state);
    }

    /** A model from a deterministic sequential implementation: the output it would return and the state after. */
    static <S, I, O> Model<S, I, O> deterministic(S init, Sequential<S, I, O> spec) {
        Objects.requireNonNull(spec, "spec");
        return new Model<>() {
            @Override
            public S init() {
                return init;
            }

            @Override
            public Optional<S> step(S state, I input, O output) {
                Sequential.Outcome<S, O> outcome = spec.apply(state, input);
                return Objects.equals(outcome.output(), output) ? Optional.of(outcome.state()) : Optional.empty();
            }

            @Override
            public Optional<S> stepUnknown(S state, I input) {
                return Optional.of(spec.apply(state, input).state());
            }
        };
    }

    /** A deterministic sequential implementation, see {@link #deterministic}. */
    @FunctionalInterface
    interface Sequential<S, I, O> {
        Outcome<S, O> apply(S state, I input);

        record Outcome<S, O>(S state, O output) {
        }
    }
}

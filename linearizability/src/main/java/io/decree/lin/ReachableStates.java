package io.decree.lin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A refutation that needs no search: the states reachable when real-time order is ignored and every operation may
 * take effect any number of times. Every state of every linearization is among them (each linearization step is one
 * of these steps), so a completed operation that the model rejects in all of them cannot be linearized anywhere:
 * the partition is not linearizable, and that operation alone is a non-linearizable sub-history (its own reachable
 * states are fewer still).
 *
 * <p>It decides what the search finds hardest: a read of a value no operation could have produced, late in a long
 * or highly concurrent history, where the search must exhaust every ordering before the read to refute it (the
 * violated histories of the side-by-side with Porcupine, which neither checker decided in a minute by searching).
 * It says nothing about stale reads and other violations of order, which leave every operation possible somewhere.
 *
 * <p>Cheap when the model has few states (a register: the values written): operations are first merged by (input,
 * output, unknown), and the closure stops, inconclusive, once it would take more than {@code maxWork} model steps
 * or reach more than {@value #MAX_STATES} states (a queue's states, for one, grow without end, each longer than
 * the last: an unbounded closure would exhaust memory).
 */
final class ReachableStates {

    /** More states than this: inconclusive. */
    static final int MAX_STATES = 4_096;

    private ReachableStates() {
    }

    /** The outcome: the operation no reachable state accepts (null if none), and the model steps spent. */
    record Refutation<I, O>(Operation<I, O> impossible, long work) {
    }

    static <S, I, O> Refutation<I, O> refute(Model<S, I, O> model, List<Operation<I, O>> ops, long maxWork) {
        // Distinct operations, in order of first appearance (so the result is deterministic).
        Map<List<Object>, Integer> distinct = new HashMap<>();
        List<Operation<I, O>> kinds = new ArrayList<>();
        for (Operation<I, O> op : ops) {
            List<Object> key = Arrays.asList(op.input(), op.isUnknown() ? null : op.output(), op.isUnknown());
            if (distinct.putIfAbsent(key, kinds.size()) == null) {
                kinds.add(op);
            }
        }
        boolean[] accepted = new boolean[kinds.size()];
        List<S> states = new ArrayList<>();
        Set<S> seen = new HashSet<>();
        S init = model.init();
        states.add(init);
        seen.add(init);
        long work = 0;
        for (int s = 0; s < states.size(); s++) {
            S state = states.get(s);
            for (int k = 0; k < kinds.size(); k++) {
                if (++work > maxWork) {
                    return new Refutation<>(null, maxWork);
                }
                Operation<I, O> op = kinds.get(k);
                Optional<S> next = op.isUnknown() ? model.stepUnknown(state, op.input())
                        : model.step(state, op.input(), op.output());
                if (next.isPresent()) {
                    accepted[k] = true;
                    if (seen.add(next.get())) {
                        if (states.size() == MAX_STATES) {
                            return new Refutation<>(null, work);
                        }
                        states.add(next.get());
                    }
                }
            }
        }
        for (Operation<I, O> op : ops) {
            if (!op.isUnknown()) {
                List<Object> key = Arrays.asList(op.input(), op.output(), false);
                if (!accepted[distinct.get(key)]) {
                    return new Refutation<>(op, work); // the first one in the partition's order
                }
            }
        }
        return new Refutation<>(null, work);
    }
}

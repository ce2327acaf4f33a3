package io.decree.lin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable concurrent history: the operations of all clients, each with its invocation and return time.
 *
 * <p>Built by a {@link HistoryRecorder} (the simulator's way) or by {@link #builder()} (hand-written histories in
 * tests). Construction checks that ids are unique and that every client is sequential: a client invokes its next
 * operation only after its previous one returned (or, for an operation with an unknown outcome, after it was
 * invoked: the client gave up on it at some unrecorded moment).
 */
public final class History<I, O> {

    private final List<Operation<I, O>> operations;

    private History(List<Operation<I, O>> operations) {
        this.operations = List.copyOf(operations);
        validate(this.operations);
    }

    /** A history of exactly these operations (in any order). */
    public static <I, O> History<I, O> of(Collection<Operation<I, O>> operations) {
        return new History<>(new ArrayList<>(operations));
    }

    public static <I, O> Builder<I, O> builder() {
        return new Builder<>();
    }

    /** The operations, in the order they were added (for a recorder: invocation order). */
    public List<Operation<I, O>> operations() {
        return operations;
    }

    public int size() {
        return operations.size();
    }

    /** The client ids, in order of first appearance. */
    public List<Integer> clients() {
        Set<Integer> seen = new HashSet<>();
        List<Integer> clients = new ArrayList<>();
        for (Operation<I, O> op : operations) {
            if (seen.add(op.clientId())) {
                clients.add(op.clientId());
            }
        }
        return clients;
    }

    @Override
    public String toString() {
        return "History" + operations;
    }

    private static <I, O> void validate(List<Operation<I, O>> operations) {
        Set<Integer> ids = new HashSet<>();
        Map<Integer, List<Operation<I, O>>> byClient = new HashMap<>();
        for (Operation<I, O> op : operations) {
            if (!ids.add(op.id())) {
                throw new IllegalArgumentException("duplicate operation id " + op.id());
            }
            byClient.computeIfAbsent(op.clientId(), c -> new ArrayList<>()).add(op);
        }
        for (List<Operation<I, O>> ops : byClient.values()) {
            ops.sort(Comparator.comparingLong((Operation<I, O> o) -> o.invokeTime()).thenComparingInt(Operation::id));
            for (int i = 1; i < ops.size(); i++) {
                Operation<I, O> prev = ops.get(i - 1);
                Operation<I, O> next = ops.get(i);
                if (!prev.isUnknown() && next.invokeTime() < prev.returnTime()) {
                    throw new IllegalArgumentException("client " + next.clientId() + " is not sequential: operation "
                            + next.id() + " (" + next.input() + ") invoked at " + next.invokeTime()
                            + " while operation " + prev.id() + " (" + prev.input() + ") was outstanding until "
                            + prev.returnTime());
                }
            }
        }
    }

    /** Builds a history by hand, with explicit times; ids are assigned in the order operations are added. */
    public static final class Builder<I, O> {
        private final List<Operation<I, O>> operations = new ArrayList<>();

        private Builder() {
        }

        /** A completed operation: {@code client} invoked {@code input} at {@code invoke}, got {@code output} at {@code ret}. */
        public Builder<I, O> add(int client, I input, O output, long invoke, long ret) {
            operations.add(Operation.completed(operations.size(), client, input, output, invoke, ret));
            return this;
        }

        /** An operation with an unknown outcome, invoked at {@code invoke}. */
        public Builder<I, O> addUnknown(int client, I input, long invoke) {
            operations.add(Operation.unknownOutcome(operations.size(), client, input, invoke));
            return this;
        }

        public History<I, O> build() {
            return new History<>(operations);
        }
    }
}

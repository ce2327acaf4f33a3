package io.decree.lin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The definition of linearizability, executed literally: try every order of the operations that respects real time,
 * letting each unknown-outcome operation either take effect (anywhere after its invocation) or never. Exponential;
 * a reference for histories of a handful of operations, sharing no code with the checker's search.
 */
final class BruteForce {

    private BruteForce() {
    }

    static <S, I, O> boolean linearizable(History<I, O> history, Model<S, I, O> model) {
        List<Operation<I, O>> ops = history.operations();
        return search(ops, new boolean[ops.size()], model.init(), model);
    }

    private static <S, I, O> boolean search(List<Operation<I, O>> ops, boolean[] done, S state, Model<S, I, O> model) {
        boolean allKnownDone = true;
        for (int i = 0; i < ops.size(); i++) {
            if (!done[i] && !ops.get(i).isUnknown()) {
                allKnownDone = false;
            }
        }
        if (allKnownDone) {
            return true; // the remaining unknown operations never happened
        }
        for (int i = 0; i < ops.size(); i++) {
            if (done[i] || !minimal(ops, done, i)) {
                continue;
            }
            Operation<I, O> op = ops.get(i);
            Optional<S> next = op.isUnknown() ? model.stepUnknown(state, op.input())
                    : model.step(state, op.input(), op.output());
            if (next.isPresent()) {
                done[i] = true;
                boolean found = search(ops, done, next.get(), model);
                done[i] = false;
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Operation i may go next only if no pending operation had to precede it in real time. */
    private static <I, O> boolean minimal(List<Operation<I, O>> ops, boolean[] done, int i) {
        for (int j = 0; j < ops.size(); j++) {
            if (!done[j] && j != i && ops.get(j).precedes(ops.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Random small history: arbitrary timings and plausible-but-random outputs, so about half are violations. */
    static History<RegisterOp<Integer>, OpResult<Integer>> randomRegisterHistory(java.util.Random random) {
        int clients = 1 + random.nextInt(3);
        int n = 1 + random.nextInt(6);
        long[] free = new long[clients];
        List<Operation<RegisterOp<Integer>, OpResult<Integer>>> ops = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            int c = random.nextInt(clients);
            long invoke = free[c] + random.nextInt(4);
            long ret = invoke + random.nextInt(6);
            Integer value = random.nextInt(3) == 0 ? null : 1 + random.nextInt(2);
            RegisterOp<Integer> input = switch (random.nextInt(3)) {
                case 0 -> RegisterOp.read();
                case 1 -> RegisterOp.write(1 + random.nextInt(2));
                default -> RegisterOp.cas(value, 1 + random.nextInt(2));
            };
            OpResult<Integer> output = switch (input) {
                case RegisterOp.Read<Integer> r -> OpResult.value(value);
                case RegisterOp.Write<Integer> w -> OpResult.ack();
                case RegisterOp.Cas<Integer> cas -> OpResult.swapped(random.nextBoolean());
            };
            if (random.nextInt(4) == 0) {
                ops.add(Operation.unknownOutcome(id, c, input, invoke));
                free[c] = invoke + random.nextInt(3);
            } else {
                ops.add(Operation.completed(id, c, input, output, invoke, ret));
                free[c] = ret + random.nextInt(2);
            }
        }
        return History.of(ops);
    }
}

package io.decree.testkit;

import io.decree.engine.statemachine.StateMachine;
import io.decree.lin.History;
import io.decree.lin.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded run of concurrent clients against the user's state machine, as a replicated log would execute it:
 * each client issues its commands one at a time; each command is chosen (applied) at a random instant inside its
 * interval, in the order of those instants, so the client-visible history has real concurrency. A command whose
 * outcome is lost (the client timed out) was chosen with probability 1/2, possibly after the client moved on.
 * Queries ({@link StateMachineContract#isQuery}) are answered by {@link StateMachine#query} at their instant.
 *
 * @param history the clients' history, for the linearizability checker
 * @param log     the commands in the order they were applied (queries excluded): the chosen log
 */
record ClientRun(History<byte[], byte[]> history, List<byte[]> log) {

    static ClientRun generate(StateMachineContract<?> contract, Settings settings, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        record Planned(int id, int client, byte[] command, long invoke, long ret, double instant, boolean lost,
                boolean applied) {
        }
        List<Planned> plan = new ArrayList<>();
        long[] clock = new long[settings.clients()];
        for (int i = 0; i < settings.operations(); i++) {
            int client = random.nextInt(settings.clients());
            byte[] command = contract.nextCommand(random, client);
            long invoke = clock[client] + random.nextInt(3);
            long ret = invoke + 1 + random.nextInt(10);
            boolean lost = random.nextDouble() < settings.unknownFraction();
            // A lost command may be applied long after its client gave up on it (it was still in flight).
            double instant = lost ? invoke + random.nextDouble() * 40 : invoke + random.nextDouble() * (ret - invoke);
            plan.add(new Planned(i, client, command, invoke, ret, instant, lost, !lost || random.nextBoolean()));
            clock[client] = ret + 1;
        }
        StateMachine machine = contract.newStateMachine();
        List<Planned> byInstant = new ArrayList<>(plan);
        byInstant.sort(Comparator.comparingDouble(Planned::instant));
        byte[][] outputs = new byte[plan.size()][];
        List<byte[]> log = new ArrayList<>();
        for (Planned p : byInstant) {
            if (!p.applied()) {
                continue;
            }
            machine.validate(p.command());
            if (contract.isQuery(p.command())) {
                outputs[p.id()] = machine.query(p.command());
            } else {
                outputs[p.id()] = machine.apply(p.command());
                log.add(p.command());
            }
        }
        List<Operation<byte[], byte[]>> ops = new ArrayList<>();
        for (Planned p : plan) {
            ops.add(p.lost() ? Operation.unknownOutcome(p.id(), p.client(), p.command(), p.invoke())
                    : Operation.completed(p.id(), p.client(), p.command(), outputs[p.id()], p.invoke(), p.ret()));
        }
        return new ClientRun(History.of(ops), log);
    }
}

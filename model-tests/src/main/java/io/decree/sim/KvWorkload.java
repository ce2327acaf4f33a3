package io.decree.sim;

import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.statemachine.StateMachine;
import io.decree.lin.CheckResult;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The default workload: the engine's key-value store, GET 40%, PUT 40%, DELETE 10%, CAS 10% over
 * {@code keys} keys, checked against a key-value map. Its draws are the simulator's historical ones, in the
 * same order, so every recorded seed replays as it always has.
 */
public record KvWorkload(int keys) implements Workload<KvCommand, String> {
    @Override public StateMachine newStateMachine() { return new KvStateMachine(); }

    @Override public KvCommand next(SplittableRandom random, int address, long sequence) {
        String key = "k" + random.nextInt(keys);
        int roll = random.nextInt(100);
        if (roll < 40) return KvCommand.get(key);
        if (roll < 80) return KvCommand.put(key, "c" + address + "-" + sequence);
        if (roll < 90) return KvCommand.delete(key);
        return KvCommand.cas(key, "c" + address + "-" + (sequence - 1), "c" + address + "-" + sequence);
    }

    @Override public byte[] encode(KvCommand command) { return command.encode(); }

    @Override public boolean readOnly(KvCommand command) { return command.op() == KvCommand.Op.GET; }

    @Override public String result(byte[] reply) { return KvStateMachine.result(reply); }

    @Override public CheckResult<?, ?> check(List<ClientOp<KvCommand, String>> history) { return HistoryCheck.check(history); }
}

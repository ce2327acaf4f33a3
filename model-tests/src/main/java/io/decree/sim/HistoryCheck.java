package io.decree.sim;

import io.decree.engine.statemachine.KvCommand;
import io.decree.lin.CheckResult;
import io.decree.lin.History;
import io.decree.lin.KvModel;
import io.decree.lin.KvOp;
import io.decree.lin.LinearizabilityChecker;
import io.decree.lin.OpResult;
import java.util.List;

/**
 * Checks the client histories of a simulated run for linearizability against a key-value map, with
 * requests that never got an answer as unknown outcomes (they may or may not have taken effect).
 */
public final class HistoryCheck {
    private HistoryCheck() {}

    /** A key-value run's history (its commands are {@link KvCommand}s, its results Strings). */
    public static History<KvOp<String, String>, OpResult<String>> toHistory(List<? extends ClientOp<?, ?>> ops) {
        History.Builder<KvOp<String, String>, OpResult<String>> b = History.builder();
        for (ClientOp<?, ?> op : ops) {
            KvCommand command = (KvCommand) op.command();
            KvOp<String, String> input = input(command);
            if (op.completed()) b.add(op.client(), input, output(command, (String) op.result()), op.invokedAt(), op.returnedAt());
            else b.addUnknown(op.client(), input, op.invokedAt());
        }
        return b.build();
    }

    public static CheckResult<KvOp<String, String>, OpResult<String>> check(List<? extends ClientOp<?, ?>> ops) {
        return LinearizabilityChecker.check(toHistory(ops), new KvModel<>());
    }

    private static KvOp<String, String> input(KvCommand c) {
        return switch (c.op()) {
            case GET -> new KvOp.Get<>(c.key());
            case PUT -> new KvOp.Put<>(c.key(), c.value());
            case DELETE -> new KvOp.Delete<>(c.key());
            case CAS -> new KvOp.Cas<>(c.key(), c.expected(), c.value());
        };
    }

    private static OpResult<String> output(KvCommand c, String result) {
        return c.op() == KvCommand.Op.CAS ? new OpResult.Swapped<>(Boolean.parseBoolean(result)) : new OpResult.Value<>(result);
    }
}

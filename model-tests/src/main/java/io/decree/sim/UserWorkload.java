package io.decree.sim;

import io.decree.engine.statemachine.StateMachine;
import io.decree.lin.CheckResult;
import io.decree.lin.History;
import io.decree.lin.LinearizabilityChecker;
import io.decree.lin.Model;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bring your own state machine to the simulator: the replicas run {@code factory}'s state machines, clients
 * send {@code commands}' commands, the history is checked against {@code model} (commands in, results out, as
 * bytes) and {@code invariant} is checked on every replica's state machine after every step. Snapshots and
 * restores come from the protocol itself (run with {@link SimConfig#withSnapshots}): a lagging replica
 * installs another's snapshot, and the simulator compares the state machines' digests at every applied slot
 * count ({@link #comparesStateDigests()}), so a snapshot that does not restore the same state fails the run.
 *
 * @param factory   a fresh state machine, for each replica and each restart
 * @param commands  the next command of a client, from the random it is handed only
 * @param model     the sequential specification
 * @param readOnly  commands that only read (sent as lease reads when the run has them; else never)
 * @param invariant null when the state is fine, else what is wrong; null for none
 * @param describe  a command for messages
 * @param <S> the model's state
 */
public record UserWorkload<S>(Supplier<StateMachine> factory, Commands commands, Model<S, byte[], byte[]> model,
                              Predicate<byte[]> readOnly, Function<StateMachine, String> invariant,
                              Function<byte[], String> describe) implements Workload<byte[], byte[]> {
    /** The commands a client sends. */
    @FunctionalInterface
    public interface Commands {
        /** The next command of client {@code client} (1-based); every choice from {@code random}. */
        byte[] next(SplittableRandom random, int client);
    }

    public UserWorkload {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(model, "model");
        readOnly = readOnly == null ? c -> false : readOnly;
        describe = describe == null ? c -> HexFormat.of().formatHex(c) : describe;
    }

    @Override public StateMachine newStateMachine() {
        return Objects.requireNonNull(factory.get(), "the state machine factory returned null");
    }

    /** Clients are numbered from 1 here (addresses start at the simulator's client base). */
    @Override public byte[] next(SplittableRandom random, int address, long sequence) {
        return Objects.requireNonNull(commands.next(random, address % 1000 + 1), "the command generator returned null");
    }

    @Override public byte[] encode(byte[] command) { return command; }

    @Override public boolean readOnly(byte[] command) { return readOnly.test(command); }

    @Override public byte[] result(byte[] reply) { return reply; }

    @Override public CheckResult<?, ?> check(List<ClientOp<byte[], byte[]>> history) {
        History.Builder<byte[], byte[]> b = History.builder();
        for (ClientOp<byte[], byte[]> op : history) {
            if (op.completed()) b.add(op.client(), op.command(), op.result(), op.invokedAt(), op.returnedAt());
            else b.addUnknown(op.client(), op.command(), op.invokedAt());
        }
        return LinearizabilityChecker.check(b.build(), model);
    }

    @Override public String invariant(StateMachine machine) { return invariant == null ? null : invariant.apply(machine); }

    @Override public boolean hasInvariant() { return invariant != null; }

    @Override public boolean comparesStateDigests() { return true; }

    @Override public String describe(byte[] command) { return describe.apply(command); }

    @Override public String describeResult(byte[] result) { return result == null ? "null" : HexFormat.of().formatHex(result); }
}

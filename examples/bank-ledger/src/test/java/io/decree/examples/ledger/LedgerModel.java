package io.decree.examples.ledger;

import io.decree.lin.Model;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The ledger's sequential specification for the linearizability check: balances as an immutable list. */
final class LedgerModel implements Model<List<Long>, byte[], byte[]> {

    private final int accounts;
    private final long initialBalance;

    LedgerModel(int accounts, long initialBalance) {
        this.accounts = accounts;
        this.initialBalance = initialBalance;
    }

    @Override
    public List<Long> init() {
        Long[] balances = new Long[accounts];
        Arrays.fill(balances, initialBalance);
        return List.of(balances);
    }

    @Override
    public Optional<List<Long>> step(List<Long> state, byte[] input, byte[] output) {
        LedgerCommand c = LedgerCommand.decode(input, accounts);
        return switch (c.type()) {
            case LedgerCommand.TRANSFER -> {
                boolean enough = state.get(c.from()) >= c.amount();
                yield Arrays.equals(output, new byte[] {(byte) (enough ? 1 : 0)}) ? Optional.of(transfer(state, c))
                        : Optional.empty();
            }
            case LedgerCommand.BALANCE -> longIs(output, state.get(c.from())) ? Optional.of(state) : Optional.empty();
            default -> longIs(output, state.stream().mapToLong(Long::longValue).sum()) ? Optional.of(state)
                    : Optional.empty();
        };
    }

    @Override
    public Optional<List<Long>> stepUnknown(List<Long> state, byte[] input) {
        LedgerCommand c = LedgerCommand.decode(input, accounts);
        return Optional.of(c.type() == LedgerCommand.TRANSFER ? transfer(state, c) : state);
    }

    @Override
    public boolean isReadOnly(byte[] input) {
        return input.length > 0 && input[0] != LedgerCommand.TRANSFER;
    }

    @Override
    public String describeInput(byte[] input) {
        return LedgerCommand.decode(input, accounts).toString();
    }

    @Override
    public String describeOutput(byte[] output) {
        return output.length == 8 ? Long.toString(ByteBuffer.wrap(output).getLong())
                : output.length == 1 ? (output[0] == 1 ? "moved" : "refused") : Arrays.toString(output);
    }

    /** The transfer if funds suffice, else no change (the ledger refuses it). */
    private static List<Long> transfer(List<Long> state, LedgerCommand c) {
        if (state.get(c.from()) < c.amount()) {
            return state;
        }
        List<Long> next = new ArrayList<>(state);
        next.set(c.from(), next.get(c.from()) - c.amount());
        next.set(c.to(), next.get(c.to()) + c.amount());
        return List.copyOf(next);
    }

    private static boolean longIs(byte[] output, long expected) {
        return output != null && output.length == 8 && ByteBuffer.wrap(output).getLong() == expected;
    }
}

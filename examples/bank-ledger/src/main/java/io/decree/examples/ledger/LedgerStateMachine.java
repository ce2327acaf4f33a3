package io.decree.examples.ledger;

import io.decree.engine.statemachine.MalformedCommandException;
import io.decree.engine.statemachine.StateMachine;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A bank ledger replicated by Decree: a fixed set of accounts, transfers that never overdraw, balance and total
 * queries. The total never changes (money is only moved), which the example's test checks after every command.
 *
 * <p>Snapshot: {@code accounts:int} then each balance as a big-endian long.
 */
public final class LedgerStateMachine implements StateMachine {

    /**
     * A deliberate bug, for the example's own test that the kit catches it: restore drops the last account's
     * balance. Switchable only from tests in this package.
     */
    static volatile boolean restoreLosesLastAccount;

    private final long[] balances;

    /** {@code accounts} accounts holding {@code initialBalance} each. */
    public LedgerStateMachine(int accounts, long initialBalance) {
        if (accounts < 2 || initialBalance < 0) {
            throw new IllegalArgumentException("a ledger needs >= 2 accounts and a balance >= 0");
        }
        balances = new long[accounts];
        Arrays.fill(balances, initialBalance);
    }

    @Override
    public void validate(byte[] command) {
        LedgerCommand.decode(command, balances.length);
    }

    @Override
    public byte[] apply(byte[] command) {
        LedgerCommand c = LedgerCommand.decode(command, balances.length);
        if (c.type() != LedgerCommand.TRANSFER) {
            return query(command); // a query that went through the log answers the same
        }
        if (balances[c.from()] < c.amount()) {
            return new byte[] {0};
        }
        balances[c.from()] -= c.amount();
        balances[c.to()] += c.amount();
        return new byte[] {1};
    }

    @Override
    public byte[] query(byte[] command) {
        LedgerCommand c = LedgerCommand.decode(command, balances.length);
        return switch (c.type()) {
            case LedgerCommand.BALANCE -> ByteBuffer.allocate(8).putLong(balances[c.from()]).array();
            case LedgerCommand.TOTAL -> ByteBuffer.allocate(8).putLong(total()).array();
            default -> throw new MalformedCommandException("a transfer is not a read-only query");
        };
    }

    public long total() {
        return Arrays.stream(balances).sum();
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer out = ByteBuffer.allocate(4 + 8 * balances.length).putInt(balances.length);
        for (long b : balances) {
            out.putLong(b);
        }
        return out.array();
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        if (snapshot.length < 4 || in.getInt() != balances.length || snapshot.length != 4 + 8 * balances.length) {
            throw new MalformedCommandException("a ledger snapshot of " + balances.length + " accounts is "
                    + (4 + 8 * balances.length) + " bytes starting with the account count; got " + snapshot.length
                    + " bytes");
        }
        long[] read = new long[balances.length];
        for (int i = 0; i < read.length; i++) {
            read[i] = in.getLong();
        }
        if (restoreLosesLastAccount) {
            read[read.length - 1] = 0;
        }
        System.arraycopy(read, 0, balances, 0, read.length); // only after the whole snapshot parsed: atomic
    }

    @Override
    public long digest() {
        return Arrays.hashCode(balances) * 0x9E3779B97F4A7C15L;
    }
}

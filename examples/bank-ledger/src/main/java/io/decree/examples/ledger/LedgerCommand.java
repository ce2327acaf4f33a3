package io.decree.examples.ledger;

import io.decree.engine.statemachine.MalformedCommandException;
import java.nio.ByteBuffer;

/**
 * A ledger command on the wire: one type byte, then big-endian ints.
 * <pre>
 *   TRANSFER  0x01 | from:int | to:int | amount:int   (13 bytes) -> 0x01 moved, 0x00 refused (insufficient funds)
 *   BALANCE   0x02 | account:int                      (5 bytes, a query) -> balance:long
 *   TOTAL     0x03                                    (1 byte, a query) -> total:long
 * </pre>
 */
public record LedgerCommand(byte type, int from, int to, int amount) {

    public static final byte TRANSFER = 1;
    public static final byte BALANCE = 2;
    public static final byte TOTAL = 3;

    public static byte[] transfer(int from, int to, int amount) {
        return ByteBuffer.allocate(13).put(TRANSFER).putInt(from).putInt(to).putInt(amount).array();
    }

    public static byte[] balance(int account) {
        return ByteBuffer.allocate(5).put(BALANCE).putInt(account).array();
    }

    public static byte[] total() {
        return new byte[] {TOTAL};
    }

    /** Decodes and checks {@code bytes} for a ledger of {@code accounts} accounts. */
    public static LedgerCommand decode(byte[] bytes, int accounts) {
        if (bytes.length == 0) {
            throw new MalformedCommandException("empty ledger command");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte type = in.get();
        LedgerCommand c = switch (type) {
            case TRANSFER -> {
                need(bytes, 13, "transfer");
                yield new LedgerCommand(type, in.getInt(), in.getInt(), in.getInt());
            }
            case BALANCE -> {
                need(bytes, 5, "balance");
                yield new LedgerCommand(type, in.getInt(), -1, 0);
            }
            case TOTAL -> {
                need(bytes, 1, "total");
                yield new LedgerCommand(type, -1, -1, 0);
            }
            default -> throw new MalformedCommandException("unknown ledger command type " + type);
        };
        if (type == TRANSFER && (c.from < 0 || c.from >= accounts || c.to < 0 || c.to >= accounts || c.amount < 0)) {
            throw new MalformedCommandException("transfer needs accounts in [0, " + accounts + ") and an amount >= 0: "
                    + c);
        }
        if (type == BALANCE && (c.from < 0 || c.from >= accounts)) {
            throw new MalformedCommandException("no account " + c.from);
        }
        return c;
    }

    private static void need(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new MalformedCommandException(what + " is " + length + " bytes, was " + bytes.length);
        }
    }

    @Override
    public String toString() {
        return switch (type) {
            case TRANSFER -> "transfer(" + from + " -> " + to + ", " + amount + ")";
            case BALANCE -> "balance(" + from + ")";
            default -> "total()";
        };
    }
}

package io.decree.engine.ring;

/**
 * The shared-memory fabric's tail word: the publication point and the writer's permission in one 64-bit
 * word, so that one compare-and-set decides both.
 *
 * <pre>
 *   63        62 ............ 48   47 ........................................ 0
 *   +---------+-----------------+---------------------------------------------+
 *   | revoked |  epoch (15 bits)|  position (48 bits: 256 TiB of traffic)      |
 *   +---------+-----------------+---------------------------------------------+
 * </pre>
 *
 * A writer publishes with {@code CAS(word it last saw, same epoch and new position)}. The receiver revokes
 * by setting the bit (a CAS loop), and re-grants by clearing it with the epoch increased. Both change the
 * word, so the CAS of a writer that has not reconnected since fails: whatever it does afterwards cannot move
 * the published position. The epoch is what keeps a revoke followed by a re-grant at the same position
 * from looking unchanged to a stale writer (ABA).
 */
public final class TailWord {
    public static final long POSITION_MASK = (1L << 48) - 1;
    public static final int EPOCH_SHIFT = 48;
    public static final long EPOCH_MASK = 0x7FFFL;
    public static final long REVOKED_BIT = 1L << 63;

    private TailWord() { }

    public static long of(long epoch, long position, boolean revoked) {
        if (position < 0 || position > POSITION_MASK) throw new IllegalArgumentException("position " + position + " out of range");
        return (revoked ? REVOKED_BIT : 0) | ((epoch & EPOCH_MASK) << EPOCH_SHIFT) | position;
    }

    public static long position(long word) { return word & POSITION_MASK; }

    public static long epoch(long word) { return (word >>> EPOCH_SHIFT) & EPOCH_MASK; }

    public static boolean revoked(long word) { return (word & REVOKED_BIT) != 0; }

    public static long withPosition(long word, long position) { return (word & ~POSITION_MASK) | position; }

    public static String toString(long word) {
        return "epoch " + epoch(word) + " position " + position(word) + (revoked(word) ? " revoked" : "");
    }
}

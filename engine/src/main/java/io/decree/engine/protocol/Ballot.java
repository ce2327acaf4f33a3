package io.decree.engine.protocol;

/**
 * A ballot is a pair (round, replica id) ordered lexicographically, packed into a {@code long} so that
 * the protocol's hot path compares ballots with {@code <} and allocates nothing: the round lives in the
 * high 48 bits and the replica id in the low 16. {@link #NONE} (round 0, replica 0) is below every real
 * ballot, since replica ids start at 1.
 */
public final class Ballot {
    public static final long NONE = 0L;
    public static final int MAX_REPLICA_ID = 0xFFFF;
    public static final long MAX_ROUND = (1L << 47) - 1;

    private Ballot() {}

    //@ ensures \result >= 0 && round(\result) == round && replica(\result) == replicaId;
    //@ signals_only IllegalArgumentException;
    public static long of(long round, int replicaId) {
        if (round < 0 || round > MAX_ROUND) throw new IllegalArgumentException("ballot round out of range: " + round);
        if (replicaId < 0 || replicaId > MAX_REPLICA_ID) throw new IllegalArgumentException("replica id out of range: " + replicaId);
        return (round << 16) | replicaId;
    }

    public static /*@ pure @*/ long round(long ballot) { return ballot >>> 16; }

    /** The ballot's owner (TLA+: Owner(b)). */
    public static /*@ pure @*/ int replica(long ballot) { return (int) (ballot & MAX_REPLICA_ID); }

    /** The smallest ballot owned by {@code replicaId} that is above {@code seen}. */
    // Phase1a(r, b): Owner(b) = r and Less(Max(promised[r], leader[r]), b), with seen = that Max.
    //@ ensures \result > seen && replica(\result) == replicaId;
    public static long next(long seen, int replicaId) { return of(round(seen) + 1, replicaId); }

    public static String toString(long ballot) { return "(" + round(ballot) + "," + replica(ballot) + ")"; }
}

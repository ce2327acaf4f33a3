package io.decree.engine.protocol;

import java.util.Arrays;

/**
 * The replicas that vote, and so what counts as a quorum. Replica ids are distinct and in
 * [1, {@link Ballot#MAX_REPLICA_ID}]; a quorum is any set of strictly more than half of them, so any two
 * quorums intersect, which is the whole of Paxos' safety argument.
 */
public final class Configuration {
    /** Votes are tracked as bits of a long. */
    public static final int MAX_MEMBERS = 64;
    private /*@ spec_public @*/ final int[] members;

    //@ public invariant members.length >= 1 && members.length <= MAX_MEMBERS;

    // TypeOK: Replicas is a set of distinct replica ids, each a possible ballot owner.
    //@ ensures (\forall int i; 1 <= i && i < this.members.length; this.members[i - 1] < this.members[i]);
    //@ ensures this.members[0] >= 1 && this.members[this.members.length - 1] <= Ballot.MAX_REPLICA_ID;
    //@ signals_only IllegalArgumentException;
    public Configuration(int... members) {
        if (members.length == 0) throw new IllegalArgumentException("configuration has no replicas");
        if (members.length > MAX_MEMBERS)
            throw new IllegalArgumentException("configuration has " + members.length + " replicas, at most " + MAX_MEMBERS + " are supported");
        int[] sorted = members.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 1 || sorted[i] > Ballot.MAX_REPLICA_ID)
                throw new IllegalArgumentException("configuration names replica id " + sorted[i] + ", outside [1, " + Ballot.MAX_REPLICA_ID + "]");
            if (i > 0 && sorted[i] == sorted[i - 1])
                throw new IllegalArgumentException("configuration names replica " + sorted[i] + " twice");
        }
        this.members = sorted;
    }

    /** Replicas 1..n. */
    public static Configuration ofSize(int n) {
        if (n < 1) throw new IllegalArgumentException("a configuration needs at least one replica, got " + n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i + 1;
        return new Configuration(ids);
    }

    // Observers of an immutable object are pure helpers: the invariant established by the constructor
    // holds around them, and broadcast loops do not re-check it per call.
    public /*@ pure helper @*/ int size() { return members.length; }

    public /*@ pure helper @*/ int member(int index) { return members[index]; }

    //@ ensures \result <==> indexOf(replicaId) >= 0;
    public /*@ pure helper @*/ boolean contains(int replicaId) { return Arrays.binarySearch(members, replicaId) >= 0; }

    /** Index of the replica in {@link #member(int)} order, for bitsets of acks; -1 if not a member. */
    //@ ensures \result >= -1 && \result < size();
    //@ ensures \result == -1 || member(\result) == replicaId;
    public /*@ pure helper @*/ int indexOf(int replicaId) {
        int i = Arrays.binarySearch(members, replicaId);
        return i >= 0 ? i : -1;
    }

    /** Minimum number of replicas that form a quorum: a strict majority. */
    // IsQuorum(Q, C) == 2 * Cardinality(Q) > Cardinality(C): any two quorums intersect.
    //@ ensures 2 * \result > size() && \result <= size();
    public /*@ pure helper @*/ int quorumSize() { return members.length / 2 + 1; }

    /** How many members {@code holds} is true of (who promised, who granted a lease...). */
    public int count(java.util.function.IntPredicate holds) {
        int n = 0;
        for (int m : members) if (holds.test(m)) n++;
        return n;
    }

    public int[] members() { return members.clone(); }

    @Override public boolean equals(Object o) { return o instanceof Configuration c && Arrays.equals(members, c.members); }

    @Override public int hashCode() { return Arrays.hashCode(members); }

    @Override public String toString() { return Arrays.toString(members); }
}

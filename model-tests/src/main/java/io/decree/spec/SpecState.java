package io.decree.spec;

import java.util.Arrays;

/**
 * One state of the spec: the TLA+ variables {@code promised}, {@code votes}, {@code leader}, {@code up},
 * {@code learned} and {@code msgs}. Immutable; an action returns a new state that shares every part it did not
 * change. Replica {@code r} (1-based, as in TLA+) is at index {@code r - 1}. {@code msgs} is a sorted array of
 * ids in {@link #table()}; two states of the same table are equal exactly when the TLA+ states are.
 */
public final class SpecState {
    final Ballot[] promised;
    final SlotMap<Vote>[] votes;
    final Ballot[] leader;
    final boolean[] up;
    final SlotMap<Value>[] learned;
    final int[] msgs;
    private final MsgTable table;
    private int hash;
    // Which values are chosen in each slot, as the spec that computed it says (MultiPaxosSpec.chosen): a state
    // is immutable, so this never goes stale; a state is used by one thread at a time in the model checker.
    private Object chosenOwner;
    private long[] chosenMemo;

    SpecState(Ballot[] promised, SlotMap<Vote>[] votes, Ballot[] leader, boolean[] up, SlotMap<Value>[] learned,
              int[] msgs, MsgTable table) {
        this.promised = promised;
        this.votes = votes;
        this.leader = leader;
        this.up = up;
        this.learned = learned;
        this.msgs = msgs;
        this.table = table;
    }

    /** TLA+ {@code Init}: nothing promised, voted, led or learned; all up; no message. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static SpecState init(int n, MsgTable table) {
        Ballot[] zeros = new Ballot[n];
        Arrays.fill(zeros, Ballot.ZERO);
        SlotMap<Vote>[] v = new SlotMap[n];
        Arrays.fill(v, SlotMap.empty());
        SlotMap<Value>[] l = new SlotMap[n];
        Arrays.fill(l, SlotMap.empty());
        boolean[] u = new boolean[n];
        Arrays.fill(u, true);
        return new SpecState(zeros, v, zeros.clone(), u, l, new int[0], table);
    }

    public int n() {
        return up.length;
    }

    public Ballot promised(int a) {
        return promised[a - 1];
    }

    public SlotMap<Vote> votes(int a) {
        return votes[a - 1];
    }

    public Ballot leader(int r) {
        return leader[r - 1];
    }

    public boolean up(int r) {
        return up[r - 1];
    }

    public SlotMap<Value> learned(int r) {
        return learned[r - 1];
    }

    public MsgTable table() {
        return table;
    }

    public int msgCount() {
        return msgs.length;
    }

    public Msg msg(int i) {
        return table.msg(msgs[i]);
    }

    public boolean contains(Msg m) {
        return Arrays.binarySearch(msgs, table.id(m)) >= 0;
    }

    long[] chosenMemo(Object spec) {
        return chosenOwner == spec ? chosenMemo : null;
    }

    void memoizeChosen(Object spec, long[] memo) {
        chosenMemo = memo;
        chosenOwner = spec;
    }

    // ---- copy-on-write updates, one per kind of change an action makes ----

    SpecState send(Msg m) {
        int id = table.id(m);
        int i = Arrays.binarySearch(msgs, id);
        if (i >= 0) {
            return this;
        }
        int at = -i - 1;
        int[] nm = new int[msgs.length + 1];
        System.arraycopy(msgs, 0, nm, 0, at);
        nm[at] = id;
        System.arraycopy(msgs, at, nm, at + 1, msgs.length - at);
        return new SpecState(promised, votes, leader, up, learned, nm, table);
    }

    SpecState withPromised(int a, Ballot b) {
        if (promised[a - 1].equals(b)) {
            return this;
        }
        Ballot[] p = promised.clone();
        p[a - 1] = b;
        return new SpecState(p, votes, leader, up, learned, msgs, table);
    }

    SpecState withVote(int a, long slot, Vote vote) {
        SlotMap<Vote> nv = votes[a - 1].with(slot, vote);
        if (nv == votes[a - 1]) {
            return this;
        }
        SlotMap<Vote>[] v = votes.clone();
        v[a - 1] = nv;
        return new SpecState(promised, v, leader, up, learned, msgs, table);
    }

    SpecState withLeader(int r, Ballot b) {
        if (leader[r - 1].equals(b)) {
            return this;
        }
        Ballot[] l = leader.clone();
        l[r - 1] = b;
        return new SpecState(promised, votes, l, up, learned, msgs, table);
    }

    SpecState withUp(int r, boolean isUp) {
        if (up[r - 1] == isUp) {
            return this;
        }
        boolean[] u = up.clone();
        u[r - 1] = isUp;
        return new SpecState(promised, votes, leader, u, learned, msgs, table);
    }

    SpecState withLearned(int r, long slot, Value v) {
        SlotMap<Value> nl = learned[r - 1].with(slot, v);
        if (nl == learned[r - 1]) {
            return this;
        }
        SlotMap<Value>[] l = learned.clone();
        l[r - 1] = nl;
        return new SpecState(promised, votes, leader, up, l, msgs, table);
    }

    /** r's learned slots 1..k replaced by {@code source}'s (which holds them all), the rest kept. */
    SpecState withLearnedPrefix(int r, SlotMap<Value> source, long k) {
        SlotMap<Value> nl = learned[r - 1].withPrefixOf(source, k);
        if (nl == learned[r - 1]) {
            return this;
        }
        SlotMap<Value>[] l = learned.clone();
        l[r - 1] = nl;
        return new SpecState(promised, votes, leader, up, l, msgs, table);
    }

    /**
     * The same TLA+ state, even when {@code o} belongs to another message table (e.g. a model checker's state
     * and a replay's): messages are compared as sets of messages, not of ids.
     */
    public boolean sameState(SpecState o) {
        if (o.table == table) {
            return equals(o);
        }
        if (o.msgs.length != msgs.length || !Arrays.equals(promised, o.promised) || !Arrays.equals(votes, o.votes)
                || !Arrays.equals(leader, o.leader) || !Arrays.equals(up, o.up) || !Arrays.equals(learned, o.learned)) {
            return false;
        }
        for (int i = 0; i < o.msgs.length; i++) {
            if (!contains(o.msg(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecState s && hashCode() == s.hashCode()
                && Arrays.equals(msgs, s.msgs) && Arrays.equals(promised, s.promised)
                && Arrays.equals(votes, s.votes) && Arrays.equals(leader, s.leader)
                && Arrays.equals(up, s.up) && Arrays.equals(learned, s.learned);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(msgs);
            h = 31 * h + Arrays.hashCode(promised);
            h = 31 * h + Arrays.hashCode(votes);
            h = 31 * h + Arrays.hashCode(leader);
            h = 31 * h + Arrays.hashCode(up);
            h = 31 * h + Arrays.hashCode(learned);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    /** The state as TLA+ would print it (functions over replicas as tuples, absent entries omitted). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("/\\ promised = ").append(Arrays.toString(promised)).append('\n');
        sb.append("/\\ votes = ").append(Arrays.toString(votes)).append('\n');
        sb.append("/\\ leader = ").append(Arrays.toString(leader)).append('\n');
        sb.append("/\\ up = ").append(Arrays.toString(up)).append('\n');
        sb.append("/\\ learned = ").append(Arrays.toString(learned)).append('\n');
        sb.append("/\\ msgs = {");
        for (int i = 0; i < msgs.length; i++) {
            sb.append(i > 0 ? ",\n            " : "").append(table.msg(msgs[i]));
        }
        return sb.append("}").toString();
    }
}

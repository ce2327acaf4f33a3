package io.decree.spec;

/**
 * A state as a short {@code char[]}: for each replica the ids of its promise, led ballot, votes and learned
 * values (interned, {@link Interner}), then the up flags as a mask, then the ids of its messages in
 * {@link MsgTable} order (already sorted and canonical). Two states of one run are equal exactly when their
 * encodings are, so the model checker keeps encodings of the BFS frontier (about 2 bytes per message plus 8 per
 * replica, against a few hundred bytes for a {@link SpecState} graph) and only 64-bit fingerprints of every
 * state seen, as TLC does.
 *
 * <p>Ids must fit in 16 bits (65,535 distinct messages, ballots, vote maps and learned maps, and at most 16
 * replicas); {@link #encode} throws beyond that rather than truncate.
 */
final class StateCodec {
    private final int n;
    private final MsgTable table;
    private final Interner<Ballot> ballots = new Interner<>();
    private final Interner<SlotMap<Vote>> votes = new Interner<>();
    private final Interner<SlotMap<Value>> learned = new Interner<>();

    StateCodec(int n, MsgTable table) {
        if (n > 16) {
            throw new IllegalArgumentException("the compact state encoding holds up to 16 replicas, got " + n);
        }
        this.n = n;
        this.table = table;
    }

    char[] encode(SpecState st) {
        return encode(st, null, null);
    }

    /**
     * The encoding of {@code st}, a successor of {@code parent} (whose encoding is {@code parentEnc}; both may be
     * null): a part st shares with its parent (the same object, as an action's copy-on-write leaves it) takes
     * the parent's id without a lookup, so a step pays for interning only what it changed.
     */
    char[] encode(SpecState st, SpecState parent, char[] parentEnc) {
        if (st.table() != table) {
            throw new IllegalArgumentException("a state of another message table");
        }
        boolean p = parent != null;
        int[] msgs = st.msgs;
        char[] e = new char[4 * n + 1 + msgs.length];
        int upMask = 0;
        for (int r = 0; r < n; r++) {
            e[r] = p && st.promised[r] == parent.promised[r] ? parentEnc[r] : small(ballots.id(st.promised[r]));
            e[n + r] = p && st.leader[r] == parent.leader[r] ? parentEnc[n + r] : small(ballots.id(st.leader[r]));
            e[2 * n + r] = p && st.votes[r] == parent.votes[r] ? parentEnc[2 * n + r] : small(votes.id(st.votes[r]));
            e[3 * n + r] = p && st.learned[r] == parent.learned[r] ? parentEnc[3 * n + r] : small(learned.id(st.learned[r]));
            upMask |= st.up[r] ? 1 << r : 0;
        }
        e[4 * n] = (char) upMask;
        if (p && msgs == parent.msgs) {
            System.arraycopy(parentEnc, 4 * n + 1, e, 4 * n + 1, msgs.length);
        } else {
            for (int i = 0; i < msgs.length; i++) {
                e[4 * n + 1 + i] = small(msgs[i]);
            }
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    SpecState decode(char[] e) {
        Ballot[] promised = new Ballot[n];
        Ballot[] leader = new Ballot[n];
        SlotMap<Vote>[] v = new SlotMap[n];
        SlotMap<Value>[] l = new SlotMap[n];
        boolean[] up = new boolean[n];
        for (int r = 0; r < n; r++) {
            promised[r] = ballots.value(e[r]);
            leader[r] = ballots.value(e[n + r]);
            v[r] = votes.value(e[2 * n + r]);
            l[r] = learned.value(e[3 * n + r]);
            up[r] = (e[4 * n] & (1 << r)) != 0;
        }
        int[] msgs = new int[e.length - 4 * n - 1];
        for (int i = 0; i < msgs.length; i++) {
            msgs[i] = e[4 * n + 1 + i];
        }
        return new SpecState(promised, v, leader, up, l, msgs, table);
    }

    /**
     * A 64-bit fingerprint of an encoding (never 0, the empty slot of {@link FingerprintSet}). Two distinct
     * states share one with probability about 2^-64; over n states the chance of any collision is about
     * n^2 / 2^65 (10^-5 for 20 million states), TLC's trade-off too.
     */
    static long fingerprint(char[] e) {
        long h = 0x9E3779B97F4A7C15L ^ e.length;
        int i = 0;
        for (; i + 3 < e.length; i += 4) {
            long w = e[i] | (long) e[i + 1] << 16 | (long) e[i + 2] << 32 | (long) e[i + 3] << 48;
            h = mix(h ^ w);
        }
        long w = 0;
        for (int s = 0; i < e.length; i++, s += 16) {
            w |= (long) e[i] << s;
        }
        h = mix(h ^ w ^ 0x5851F42D4C957F2DL);
        return h == 0 ? 1 : h;
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static char small(int id) {
        if (id > Character.MAX_VALUE) {
            throw new IllegalStateException("more than 65,536 distinct messages, ballots or vote maps: too large for"
                    + " the compact state encoding");
        }
        return (char) id;
    }
}

package io.decree.spec;

import java.util.Arrays;

/**
 * The mirror of the TLA+ {@code View} (MultiPaxos.tla, "VIEW"): a state with the parts of its 1b messages that
 * no later step and no property can read left out, so that states differing only there count as one, as TLC
 * counts them under {@code VIEW View}.
 *
 * <p>Why nothing else can tell them apart: a 1b of ballot b is read only by {@code Phase2a(r, b, s, v)} (the
 * quorum of 1b messages and, through SafeValue, their votes for s), which is enabled only while no 2a for
 * (b, s) was sent. So once a 2a for (b, s) is out, the votes the 1b messages of b report for s are dead, and
 * once every slot has one, so are those 1b messages. No invariant, refinement or liveness property reads a 1b.
 * Two states with one view therefore have the same enabled steps up to the dead parts, successors with one
 * view, and the same verdicts: the count of distinct views, the depth and every verdict do not depend on which
 * state of a view the search keeps (TLC keeps the first it reaches, as the mirror does).
 */
final class StateView {
    private final MsgTable table;
    private final long maxSlot;

    StateView(MsgTable table, long maxSlot) {
        if (maxSlot > 62) {
            throw new IllegalArgumentException("the view handles up to 62 slots, got " + maxSlot);
        }
        this.table = table;
        this.maxSlot = maxSlot;
    }

    /** The view's encoding: {@code enc}'s header, then the message ids with each 1b replaced by its live part. */
    char[] of(SpecState st, char[] enc, int headerLength) {
        int[] msgs = st.msgs;
        Ballot[] bals = new Ballot[msgs.length];
        long[] closed = new long[msgs.length];      // per distinct 2a ballot: the slots with a 2a (bit s)
        int nb = 0;
        for (int id : msgs) {
            if (table.msg(id) instanceof Msg.M2a m) {
                int k = indexOf(bals, nb, m.bal());
                if (k < 0) {
                    k = nb++;
                    bals[k] = m.bal();
                }
                closed[k] |= 1L << m.slot();
            }
        }
        long all = ((1L << maxSlot) - 1) << 1;
        int[] out = new int[msgs.length];
        int k = 0;
        boolean changed = false;
        for (int id : msgs) {
            if (table.msg(id) instanceof Msg.M1b b) {
                int at = indexOf(bals, nb, b.bal());
                long dead = at < 0 ? 0 : closed[at];
                if ((dead & all) == all) {
                    changed = true;
                    continue;
                }
                SlotMap<Vote> live = b.votes();
                for (int i = 0; i < b.votes().size(); i++) {
                    long s = b.votes().slotAt(i);
                    if ((dead & (1L << s)) != 0) {
                        live = withoutSlot(live, s);
                    }
                }
                if (live != b.votes()) {
                    id = table.id(new Msg.M1b(b.acc(), b.bal(), live));
                    changed = true;
                }
            }
            out[k++] = id;
        }
        if (!changed) {
            return enc;
        }
        Arrays.sort(out, 0, k);
        char[] v = Arrays.copyOf(enc, headerLength + k);
        int w = headerLength;
        for (int i = 0; i < k; i++) {
            if (out[i] > Character.MAX_VALUE) {
                throw new IllegalStateException("more than 65,536 distinct messages: too large for the compact encoding");
            }
            if (i == 0 || out[i] != out[i - 1]) {
                v[w++] = (char) out[i];
            }
        }
        return w == v.length ? v : Arrays.copyOf(v, w);
    }

    private static int indexOf(Ballot[] bals, int n, Ballot b) {
        for (int i = 0; i < n; i++) {
            if (bals[i].equals(b)) {
                return i;
            }
        }
        return -1;
    }

    private static SlotMap<Vote> withoutSlot(SlotMap<Vote> m, long slot) {
        SlotMap<Vote> out = SlotMap.empty();
        for (int i = 0; i < m.size(); i++) {
            if (m.slotAt(i) != slot) {
                out = out.with(m.slotAt(i), m.valueAt(i));
            }
        }
        return out;
    }
}

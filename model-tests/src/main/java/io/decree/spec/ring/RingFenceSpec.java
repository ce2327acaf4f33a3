package io.decree.spec.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Java mirror of {@code specs-tla/RingFence.tla}: the same variables, the same actions with the same
 * enabling conditions, and the same invariants, so a breadth-first search here explores the state graph TLC
 * does (same distinct states and depth; {@code RingFenceTlcParityTest} compares them when TLC is available).
 * Records are ints: {@link #TORN} for a torn slot, {@code epoch * 1000 + position} for a record.
 */
public final class RingFenceSpec {
    public static final int TORN = -1;
    static final int IDLE = 0, WRITING = 1, WRITTEN = 2, PUBLISHED = 3;

    /** TLA+ CONSTANTS. */
    public record Constants(int cap, int maxPos, int maxEpoch, boolean publishEarly, boolean ignoreRevoke) { }

    /** One TLA+ state; value equality, so a set of them is TLC's set of seen states. */
    public record State(List<Integer> mem, int tailPos, int tailEpoch, boolean revoked, int head, int wEpoch, int wPub,
                        int wPhase, boolean wDead, List<Integer> delivered, Set<Integer> permitted) { }

    private final Constants k;

    public RingFenceSpec(Constants k) { this.k = k; }

    static int record(int epoch, int position) { return epoch * 1000 + position; }

    public State init() {
        List<Integer> mem = new ArrayList<>();
        for (int s = 0; s < k.cap(); s++) mem.add(TORN);
        return new State(List.copyOf(mem), 0, 0, false, 0, 0, 0, IDLE, false, List.of(), Set.of());
    }

    /** A successor with the action that produced it, for counterexample traces. */
    public record Step(String action, State state) { }

    public List<Step> next(State s) {
        List<Step> out = new ArrayList<>();
        beginWrite(s, out);
        endWrite(s, out);
        writerPublish(s, out);
        receive(s, out);
        revoke(s, out);
        regrant(s, out);
        reconnect(s, out);
        return out;
    }

    private boolean hasRoom(State s) { return s.wPub() < k.maxPos() && s.wPub() - s.head() < k.cap(); }

    private static List<Integer> set(List<Integer> list, int index, int value) {
        List<Integer> copy = new ArrayList<>(list);
        copy.set(index, value);
        return List.copyOf(copy);
    }

    private void beginWrite(State s, List<Step> out) {
        if (s.wDead() || !hasRoom(s) || s.wPhase() != (k.publishEarly() ? PUBLISHED : IDLE)) return;
        int p = k.publishEarly() ? s.wPub() - 1 : s.wPub();
        out.add(new Step("BeginWrite", new State(set(s.mem(), p % k.cap(), TORN), s.tailPos(), s.tailEpoch(), s.revoked(), s.head(),
                s.wEpoch(), s.wPub(), WRITING, s.wDead(), s.delivered(), s.permitted())));
    }

    private void endWrite(State s, List<Step> out) {
        if (s.wPhase() != WRITING) return;
        int p = k.publishEarly() ? s.wPub() - 1 : s.wPub();
        out.add(new Step("EndWrite", new State(set(s.mem(), p % k.cap(), record(s.wEpoch(), p)), s.tailPos(), s.tailEpoch(), s.revoked(),
                s.head(), s.wEpoch(), s.wPub(), k.publishEarly() ? IDLE : WRITTEN, s.wDead(), s.delivered(), s.permitted())));
    }

    private void writerPublish(State s, List<Step> out) {
        if (s.wDead()) return;
        if (k.publishEarly() ? !(s.wPhase() == IDLE && hasRoom(s)) : s.wPhase() != WRITTEN) return;
        int phase = k.publishEarly() ? PUBLISHED : IDLE;
        boolean allowed = s.tailPos() == s.wPub() && s.tailEpoch() == s.wEpoch() && !s.revoked();
        if (allowed || k.ignoreRevoke()) {
            Set<Integer> permitted = s.permitted();
            if (allowed) {
                TreeSet<Integer> p = new TreeSet<>(permitted);
                p.add(record(s.wEpoch(), s.wPub()));
                permitted = Set.copyOf(p);
            }
            out.add(new Step("WriterPublish", new State(s.mem(), s.wPub() + 1, s.wEpoch(), s.revoked() && !k.ignoreRevoke(), s.head(),
                    s.wEpoch(), s.wPub() + 1, phase, s.wDead(), s.delivered(), permitted)));
        } else {
            out.add(new Step("WriterPublish", new State(s.mem(), s.tailPos(), s.tailEpoch(), s.revoked(), s.head(),
                    s.wEpoch(), s.wPub(), phase, true, s.delivered(), s.permitted())));
        }
    }

    private void receive(State s, List<Step> out) {
        if (s.head() >= s.tailPos()) return;
        List<Integer> d = new ArrayList<>(s.delivered());
        d.add(s.mem().get(s.head() % k.cap()));
        out.add(new Step("Receive", new State(s.mem(), s.tailPos(), s.tailEpoch(), s.revoked(), s.head() + 1, s.wEpoch(), s.wPub(),
                s.wPhase(), s.wDead(), List.copyOf(d), s.permitted())));
    }

    private void revoke(State s, List<Step> out) {
        if (s.revoked()) return;
        out.add(new Step("Revoke", new State(s.mem(), s.tailPos(), s.tailEpoch(), true, s.head(), s.wEpoch(), s.wPub(), s.wPhase(),
                s.wDead(), s.delivered(), s.permitted())));
    }

    private void regrant(State s, List<Step> out) {
        if (!s.revoked() || s.tailEpoch() >= k.maxEpoch() || s.head() != s.tailPos()) return;
        out.add(new Step("Regrant", new State(s.mem(), s.tailPos(), s.tailEpoch() + 1, false, s.head(), s.wEpoch(), s.wPub(), s.wPhase(),
                s.wDead(), s.delivered(), s.permitted())));
    }

    private void reconnect(State s, List<Step> out) {
        if (!s.wDead() || s.revoked()) return;
        out.add(new Step("Reconnect", new State(s.mem(), s.tailPos(), s.tailEpoch(), s.revoked(), s.head(), s.tailEpoch(), s.tailPos(),
                IDLE, false, s.delivered(), s.permitted())));
    }

    // --- Invariants (TLA+ TypeOK, Intact, Fenced). ---

    public boolean typeOk(State s) {
        for (int v : s.mem()) if (v != TORN && (v / 1000 > k.maxEpoch() || v % 1000 > k.maxPos())) return false;
        return s.tailPos() >= 0 && s.tailPos() <= k.maxPos() && s.head() >= 0 && s.head() <= s.tailPos()
                && s.tailEpoch() <= k.maxEpoch() && s.wEpoch() <= k.maxEpoch();
    }

    /** Every delivery is a whole record, and the i-th (from 1) is the record of position i-1. */
    public static boolean intact(State s) {
        for (int i = 0; i < s.delivered().size(); i++) {
            int v = s.delivered().get(i);
            if (v == TORN || v % 1000 != i) return false;
        }
        return true;
    }

    /** A revoked writer changes nothing the receiver acts on: every delivery was published with permission. */
    public static boolean fenced(State s) {
        for (int v : s.delivered()) if (!s.permitted().contains(v)) return false;
        return true;
    }

    public boolean holds(String invariant, State s) {
        return switch (invariant) {
            case "TypeOK" -> typeOk(s);
            case "Intact" -> intact(s);
            case "Fenced" -> fenced(s);
            default -> throw new IllegalArgumentException("RingFence has no invariant " + invariant);
        };
    }
}

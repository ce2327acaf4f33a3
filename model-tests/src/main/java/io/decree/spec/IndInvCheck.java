package io.decree.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The mirror of {@code specs-tla/MultiPaxosIndInv.tla} and of TLC's inductive-invariant check
 * ({@code IndInvCheck.cfg}): enumerates every state of {@code IndInit} (at most {@code maxMsgs} messages, any
 * promises, votes, up flags, leaders and learned values, satisfying {@code IndInv}), takes every step of
 * {@code Next} from each, and checks IndInv, Consistent and Agreement in every successor. One step is what
 * induction needs; the number of initial states is comparable with TLC's "initial states" figure.
 *
 * <p>Single-decree models only ({@code MaxSlot = 1}, static membership), as the TLA+ module.
 */
public final class IndInvCheck {

    /** Initial states (IndInit), successors checked, and the first successor that breaks something (or null). */
    public record Result(long initialStates, long successors, long distinctStates, String broken, SpecState from, Step step,
                         SpecState to) {
        public boolean ok() {
            return broken == null;
        }

        @Override
        public String toString() {
            return ok() ? "IndInv inductive: " + initialStates + " initial states, " + successors + " successors checked, "
                    + distinctStates + " distinct states in all (TLC's figure)"
                    : broken + " broken by " + step + " from\n" + from + "\nto\n" + to;
        }
    }

    private final MultiPaxosSpec spec;
    private final Model model;
    private final List<Ballot> ballots = new ArrayList<>();
    private final List<Value> proposable;

    public IndInvCheck(MultiPaxosSpec spec) {
        if (spec.model().maxSlot() != 1 || spec.model().isReconfig()) {
            throw new IllegalArgumentException("the inductive invariant is for single-decree static models (MaxSlot = 1)");
        }
        this.spec = spec;
        this.model = spec.model();
        for (long i = 1; i <= model.maxRound(); i++) {
            for (int r = 1; r <= model.n(); r++) {
                if (model.leaders().contains(r)) {
                    ballots.add(Ballot.of(i, r));
                }
            }
        }
        this.proposable = spec.enumerateProposable();
    }

    /** TLA+ {@code Messages} for slot 1, in a fixed order. */
    List<Msg> universe() {
        List<Vote> votes = new ArrayList<>();
        votes.add(null);
        for (Ballot b : ballots) {
            for (Value v : proposable) {
                votes.add(new Vote(b, v));
            }
        }
        List<Msg> u = new ArrayList<>();
        for (Ballot b : ballots) {
            u.add(new Msg.M1a(b));
        }
        for (int a = 1; a <= model.n(); a++) {
            for (Ballot b : ballots) {
                for (Vote vt : votes) {
                    u.add(new Msg.M1b(a, b, vt == null ? SlotMap.empty() : SlotMap.<Vote>empty().with(1, vt)));
                }
            }
        }
        for (Ballot b : ballots) {
            for (Value v : proposable) {
                u.add(new Msg.M2a(b, 1, v, Config.all(model.n())));
            }
        }
        for (int a = 1; a <= model.n(); a++) {
            for (Ballot b : ballots) {
                for (Value v : proposable) {
                    u.add(new Msg.M2b(a, b, 1, v));
                }
            }
        }
        return u;
    }

    @SuppressWarnings("unchecked")
    public Result run(int maxMsgs) {
        int n = model.n();
        List<Msg> universe = universe();
        List<Ballot> ballotOrZero = new ArrayList<>(ballots);
        ballotOrZero.addFirst(Ballot.ZERO);
        List<Vote> voteChoices = new ArrayList<>();
        voteChoices.add(null);
        for (Ballot b : ballots) {
            for (Value v : proposable) {
                voteChoices.add(new Vote(b, v));
            }
        }
        List<Value> learnChoices = new ArrayList<>();
        learnChoices.add(null);
        learnChoices.addAll(proposable);
        MsgTable table = new MsgTable();
        Set<SpecState> initial = new HashSet<>();
        Set<SpecState> reached = new HashSet<>();
        long[] successors = {0};
        for (int[] subset : subsets(universe.size(), maxMsgs)) {
            int[] ids = new int[subset.length];
            for (int i = 0; i < subset.length; i++) {
                ids[i] = table.id(universe.get(subset[i]));
            }
            Arrays.sort(ids);
            SpecState bare = new SpecState(zeros(n), emptyVotes(n), zeros(n), ups(n), emptyLearned(n), ids, table);
            for (int[] p : tuples(n, ballotOrZero.size())) {
                Ballot[] promised = new Ballot[n];
                for (int a = 0; a < n; a++) promised[a] = ballotOrZero.get(p[a]);
                SpecState sp = new SpecState(promised, bare.votes, bare.leader, bare.up, bare.learned, ids, table);
                if (!msgInv(sp)) continue;
                for (int[] vc : tuples(n, voteChoices.size())) {
                    SlotMap<Vote>[] votes = new SlotMap[n];
                    for (int a = 0; a < n; a++) {
                        Vote vt = voteChoices.get(vc[a]);
                        votes[a] = vt == null ? SlotMap.empty() : SlotMap.<Vote>empty().with(1, vt);
                    }
                    SpecState sv = new SpecState(promised, votes, bare.leader, bare.up, bare.learned, ids, table);
                    if (!votesInv(sv)) continue;
                    for (int[] uc : tuples(n, 2)) {
                        boolean[] up = new boolean[n];
                        for (int r = 0; r < n; r++) up[r] = uc[r] == 0;
                        for (int[] lc : tuples(n, ballotOrZero.size())) {
                            Ballot[] leader = new Ballot[n];
                            for (int r = 0; r < n; r++) leader[r] = ballotOrZero.get(lc[r]);
                            for (int[] ln : tuples(n, learnChoices.size())) {
                                SlotMap<Value>[] learned = new SlotMap[n];
                                for (int r = 0; r < n; r++) {
                                    Value v = learnChoices.get(ln[r]);
                                    learned[r] = v == null ? SlotMap.empty() : SlotMap.<Value>empty().with(1, v);
                                }
                                SpecState st = new SpecState(promised, votes, leader, up, learned, ids, table);
                                if (!localInv(st) || !spec.learnedChosen(st) || !spec.typeOK(st) || !initial.add(st)) continue;
                                Result[] bad = {null};
                                spec.next(st, (step, succ) -> {
                                    successors[0]++;
                                    reached.add(succ);
                                    if (bad[0] == null) {
                                        String broken = !indInv(succ) ? "IndInv" : !consistent(succ) ? "Consistent"
                                                : !MultiPaxosSpec.agreement(succ) ? "Agreement" : null;
                                        if (broken != null) bad[0] = new Result(0, 0, 0, broken, st, step, succ);
                                    }
                                });
                                if (bad[0] != null) {
                                    Result b = bad[0];
                                    return new Result(initial.size(), successors[0], 0, b.broken(), b.from(), b.step(), b.to());
                                }
                            }
                        }
                    }
                }
            }
        }
        reached.addAll(initial);
        return new Result(initial.size(), successors[0], reached.size(), null, null, null, null);
    }

    /** TLA+ {@code IndInv}. */
    public boolean indInv(SpecState st) {
        return spec.typeOK(st) && msgInv(st) && votesInv(st) && localInv(st) && spec.learnedChosen(st);
    }

    /** TLA+ {@code Consistent}: at most one value chosen in slot 1. */
    public boolean consistent(SpecState st) {
        return spec.chosenValues(st, 1).size() <= 1;
    }

    private boolean votedFor(SpecState st, int a, Ballot b, Value v) {
        return st.contains(new Msg.M2b(a, b, 1, v));
    }

    private boolean votedIn(SpecState st, int a, Ballot b) {
        for (Value v : proposable) {
            if (votedFor(st, a, b, v)) return true;
        }
        return false;
    }

    /** TLA+ {@code SafeAt(b, 1, v)}. */
    private boolean safeAt(SpecState st, Ballot b, Value v) {
        for (Ballot c : ballots) {
            if (!c.less(b)) continue;
            boolean someQuorum = false;
            for (long q : spec.quorums(Config.all(model.n()))) {
                boolean all = true;
                for (int a = 1; a <= model.n() && all; a++) {
                    if ((q & (1L << a)) != 0) {
                        all = votedFor(st, a, c, v) || (c.less(st.promised(a)) && !votedIn(st, a, c));
                    }
                }
                if (all) {
                    someQuorum = true;
                    break;
                }
            }
            if (!someQuorum) return false;
        }
        return true;
    }

    /** TLA+ {@code MsgInv} (slot 1). */
    boolean msgInv(SpecState st) {
        for (int i = 0; i < st.msgCount(); i++) {
            switch (st.msg(i)) {
                case Msg.M1a m -> { }
                case Msg.M1b m -> {
                    if (!m.bal().lessEq(st.promised(m.acc()))) return false;
                    Vote vt = m.votes().get(1);
                    Ballot vb = vt == null ? Ballot.ZERO : vt.bal();
                    if (!vb.lessEq(m.bal())) return false;
                    if (vt != null && !votedFor(st, m.acc(), vt.bal(), vt.val())) return false;
                    for (Ballot c : ballots) {
                        if (vb.less(c) && c.less(m.bal()) && votedIn(st, m.acc(), c)) return false;
                    }
                }
                case Msg.M2a m -> {
                    if (!safeAt(st, m.bal(), m.val())) return false;
                    for (int j = 0; j < st.msgCount(); j++) {
                        if (st.msg(j) instanceof Msg.M2a o && o.bal().equals(m.bal()) && o.slot() == m.slot() && !o.equals(m)) {
                            return false;
                        }
                    }
                }
                case Msg.M2b m -> {
                    if (!m.bal().lessEq(st.promised(m.acc()))) return false;
                    if (!st.contains(new Msg.M2a(m.bal(), m.slot(), m.val(), Config.all(model.n())))) return false;
                }
            }
        }
        return true;
    }

    /** TLA+ {@code VotesInv} (slot 1). */
    boolean votesInv(SpecState st) {
        for (int a = 1; a <= model.n(); a++) {
            Vote vt = st.votes(a).get(1);
            Ballot vb = vt == null ? Ballot.ZERO : vt.bal();
            if (!vb.lessEq(st.promised(a))) return false;
            if (vt != null && !votedFor(st, a, vt.bal(), vt.val())) return false;
            for (int i = 0; i < st.msgCount(); i++) {
                if (st.msg(i) instanceof Msg.M2b m && m.acc() == a && !m.bal().lessEq(vb)) return false;
            }
        }
        return true;
    }

    /** TLA+ {@code LocalInv}. */
    boolean localInv(SpecState st) {
        for (int r = 1; r <= model.n(); r++) {
            Ballot l = st.leader(r);
            if (!l.isZero() && !(l.owner() == r && st.up(r))) return false;
            if (!st.up(r) && !model.isCrashable(r)) return false;
            if (!model.learners().contains(r) && st.learned(r).size() != 0) return false;
        }
        return true;
    }

    /** Every subset of {0..size-1} with at most k elements, as sorted index arrays. */
    static List<int[]> subsets(int size, int k) {
        List<int[]> out = new ArrayList<>();
        addSubsets(out, new int[0], 0, size, k);
        return out;
    }

    private static void addSubsets(List<int[]> out, int[] prefix, int from, int size, int k) {
        out.add(prefix);
        if (prefix.length == k) return;
        for (int i = from; i < size; i++) {
            int[] next = Arrays.copyOf(prefix, prefix.length + 1);
            next[prefix.length] = i;
            addSubsets(out, next, i + 1, size, k);
        }
    }

    /** Every tuple in {0..base-1}^n. */
    static List<int[]> tuples(int n, int base) {
        List<int[]> out = new ArrayList<>();
        int[] t = new int[n];
        while (true) {
            out.add(t.clone());
            int i = 0;
            while (i < n && ++t[i] == base) {
                t[i++] = 0;
            }
            if (i == n) return out;
        }
    }

    private static Ballot[] zeros(int n) {
        Ballot[] z = new Ballot[n];
        Arrays.fill(z, Ballot.ZERO);
        return z;
    }

    private static boolean[] ups(int n) {
        boolean[] u = new boolean[n];
        Arrays.fill(u, true);
        return u;
    }

    @SuppressWarnings("unchecked")
    private static SlotMap<Vote>[] emptyVotes(int n) {
        SlotMap<Vote>[] v = new SlotMap[n];
        Arrays.fill(v, SlotMap.empty());
        return v;
    }

    @SuppressWarnings("unchecked")
    private static SlotMap<Value>[] emptyLearned(int n) {
        SlotMap<Value>[] l = new SlotMap[n];
        Arrays.fill(l, SlotMap.empty());
        return l;
    }
}

package io.decree.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The executable mirror of {@code specs-tla/MultiPaxos.tla}: one method per TLA+ action, with the same name,
 * parameters and enabling condition (each conjunct checked in the module's order and, when false, reported as
 * its TLA+ text through {@link Why}); {@link #next} is TLA+ {@code Next}; {@link #invariants} are the module's
 * invariants. docs/spec-mapping.md maps every definition to its method.
 *
 * <p>An action returns the successor state, or null when it is not enabled. States are immutable.
 *
 * <p>Bounded by a {@link Model} for model checking, or unbounded ({@link Model#replay}) for trace validation
 * through {@link Replay}.
 */
public class MultiPaxosSpec {
    protected final Model model;
    protected final Set<Mutant> mutants;
    protected final MsgTable table = new MsgTable();
    protected final Config all;
    private volatile long[][] quorumSets = new long[0][];
    private volatile long[] quorumMasks = new long[0];
    private volatile List<Value> proposable;   // computed on first use by next(): subclasses extend it (a benign race)

    public MultiPaxosSpec(Model model) {
        this(model, EnumSet.noneOf(Mutant.class));
    }

    MultiPaxosSpec(Model model, Set<Mutant> mutants) {
        this.model = model;
        this.mutants = mutants.isEmpty() ? EnumSet.noneOf(Mutant.class) : EnumSet.copyOf(mutants);
        this.all = Config.all(model.n());
    }

    public Model model() {
        return model;
    }

    /** The TLA+ module this class mirrors. */
    public String moduleName() {
        return "MultiPaxos";
    }

    /** TLA+ {@code Init}. */
    public SpecState init() {
        return SpecState.init(model.n(), table);
    }

    // ------------------------------------------------------------------ constant-level definitions

    /** TLA+ {@code IsQuorum(Q, C)}: a strict majority (mutant: at least half, rounded down). */
    protected boolean isQuorum(long q, long c) {
        if (mutants.contains(Mutant.QUORUM_HALF)) {
            return Long.bitCount(q) >= Long.bitCount(c) / 2;
        }
        return 2 * Long.bitCount(q) > Long.bitCount(c);
    }

    /**
     * TLA+ {@code Quorums(C)}: every subset of C that is a quorum, as masks. Cached per configuration in a
     * copy-on-write pair of arrays (a model has a handful of configurations; a scan beats boxing a key).
     */
    protected final long[] quorums(Config c) {
        long mask = c.mask();
        long[] masks = quorumMasks;
        long[][] qs = quorumSets;
        for (int i = 0; i < masks.length; i++) {
            if (masks[i] == mask) {
                return qs[i];
            }
        }
        synchronized (this) {
            List<Long> found = new ArrayList<>();
            for (long q = mask; ; q = (q - 1) & mask) {     // every submask, including the empty one
                if (isQuorum(q, mask)) {
                    found.add(q);
                }
                if (q == 0) {
                    break;
                }
            }
            long[] sorted = found.stream().mapToLong(Long::longValue).sorted().toArray();
            long[][] nq = java.util.Arrays.copyOf(quorumSets, quorumSets.length + 1);
            nq[nq.length - 1] = sorted;
            long[] nm = java.util.Arrays.copyOf(quorumMasks, quorumMasks.length + 1);
            nm[nm.length - 1] = mask;
            quorumSets = nq;
            quorumMasks = nm;     // volatile write after the sets: a reader that sees the mask sees its set
            return sorted;
        }
    }

    protected boolean isReplica(int r) {
        return r >= 1 && r <= model.n();
    }

    /** {@code b \in Ballots}. */
    protected boolean isBallot(Ballot b) {
        return b != null && !b.isZero() && b.round() <= model.maxRound() && model.leaders().contains(b.owner());
    }

    /** {@code s \in Slots}. */
    protected boolean isSlot(long s) {
        return s >= 1 && s <= model.maxSlot();
    }

    /** {@code v \in Proposable}: a client value of the model (any in replay) or NoOp. */
    protected boolean isProposable(Value v) {
        if (v instanceof Value.NoOp) {
            return true;
        }
        if (v instanceof Value.Client) {
            return model.values() == null || model.values().contains(v);
        }
        return false;
    }

    /** The values {@link #next} tries in Phase2a and Learn (bounded models only). */
    protected List<Value> enumerateProposable() {
        List<Value> vs = new ArrayList<>();
        if (model.values() != null) {
            vs.addAll(model.values());
        }
        vs.add(Value.NOOP);
        return vs;
    }

    // ------------------------------------------------------------------ state-level definitions

    /** TLA+ {@code FirstUnknown(r)}. */
    protected final long firstUnknown(SpecState st, int r) {
        return st.learned(r).firstAbsent();
    }

    /** TLA+ {@code InWindow(r, s)}. */
    protected boolean inWindow(SpecState st, int r, long s) {
        return s < firstUnknown(st, r) + model.window();
    }

    /** The configuration whose quorums decide slot {@code s} for leader {@code r}: always all replicas here. */
    protected Config governingConfig(SpecState st, int r, long s) {
        return all;
    }

    /** TLA+ {@code SafeValue(Q1b, s, v)}, given the votes for s that the quorum's 1b messages report. */
    protected final boolean safeValue(List<Vote> reported, Value v) {
        if (mutants.contains(Mutant.NO_VALUE_ADOPTION) || reported.isEmpty()) {
            return true;
        }
        Ballot pick = reported.getFirst().bal();
        for (Vote vt : reported) {
            if (pick.less(vt.bal())) {
                pick = vt.bal();
            }
        }
        for (Vote vt : reported) {
            if (vt.bal().equals(pick) && vt.val().equals(v)) {
                return true;
            }
        }
        return false;
    }

    /** {@code \E Q \in Quorums(cfg) : every a in Q sent a 1b for b, and SafeValue(Q1b, s, v)}. */
    protected final boolean quorumAdmits(SpecState st, Config cfg, Ballot b, long s, Value v) {
        long have = 0;
        List<Msg.M1b> oneBs = new ArrayList<>();
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M1b m && m.bal().equals(b)) {
                oneBs.add(m);
                have |= 1L << m.acc();
            }
        }
        List<Vote> reported = new ArrayList<>();
        for (long q : quorums(cfg)) {
            if ((have & q) != q) {
                continue;
            }
            reported.clear();
            for (Msg.M1b m : oneBs) {
                Vote vt = m.votes().get(s);
                if ((q & (1L << m.acc())) != 0 && vt != null && !reported.contains(vt)) {
                    reported.add(vt);
                }
            }
            if (safeValue(reported, v)) {
                return true;
            }
        }
        return false;
    }

    /** TLA+ {@code Accepts2a(a, m)}. */
    protected boolean accepts2a(SpecState st, int a, Msg.M2a m) {
        return mutants.contains(Mutant.ACCEPT_BELOW_PROMISE) || st.promised(a).lessEq(m.bal());
    }

    /** TLA+ {@code RecoveredPromise(r)}: what the durable store gives back on restart. */
    protected Ballot recoveredPromise(SpecState st, int r) {
        return mutants.contains(Mutant.FORGET_PROMISE_ON_RESTART) ? Ballot.ZERO : st.promised(r);
    }

    /**
     * {@code \E b, Q : ChosenIn(s, v, Q, b)}: a quorum voted for v in s in one ballot. Learn, the refinement
     * mapping and several invariants ask this of the same state many times, so on a bounded model it is
     * computed once per state for every slot and value ({@link #chosenMask}).
     */
    protected final boolean chosen(SpecState st, long s, Value v) {
        if (!memoizable(s)) {
            return chosenIn(st, s, v);
        }
        int i = proposableIndex(v);
        return i >= 0 && (chosenMask(st, s) & (1L << i)) != 0;
    }

    /** v's position in {@link #enumerateProposable}'s list: by identity first (messages carry those objects). */
    private int proposableIndex(Value v) {
        List<Value> p = proposable;
        for (int i = 0; i < p.size(); i++) {
            if (p.get(i) == v) {
                return i;
            }
        }
        return p.indexOf(v);
    }

    /** The definition behind {@link #chosen}: here a majority of all replicas voted for v in s in one ballot. */
    protected boolean chosenIn(SpecState st, long s, Value v) {
        Map<Ballot, Long> voters = votersBySlotValue(st, s, v);
        for (long mask : voters.values()) {
            for (long q : quorums(all)) {
                if ((mask & q) == q) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether chosen values of slot s can be memoized as a bit mask over {@link #enumerateProposable}. */
    private boolean memoizable(long s) {
        if (model.values() == null || model.maxSlot() > 64 || s < 1 || s > model.maxSlot()) {
            return false;
        }
        if (proposable == null) {
            proposable = List.copyOf(enumerateProposable());
        }
        return proposable.size() < 64;
    }

    /**
     * Bit i set iff the i-th proposable value is chosen in s, computed for every slot on first use and kept in
     * the (immutable) state, tagged with this spec so that a state handed to another spec (a mutant's quorums)
     * is recomputed.
     */
    private long chosenMask(SpecState st, long s) {
        long[] memo = st.chosenMemo(this);
        if (memo == null) {
            memo = new long[(int) model.maxSlot() + 1];
            for (long t = 1; t <= model.maxSlot(); t++) {
                for (int i = 0; i < proposable.size(); i++) {
                    if (chosenIn(st, t, proposable.get(i))) {
                        memo[(int) t] |= 1L << i;
                    }
                }
            }
            st.memoizeChosen(this, memo);
        }
        return memo[(int) s];
    }

    protected static Map<Ballot, Long> votersBySlotValue(SpecState st, long s, Value v) {
        Map<Ballot, Long> voters = new HashMap<>();
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2b m && m.slot() == s && m.val().equals(v)) {
                voters.merge(m.bal(), 1L << m.acc(), (x, y) -> x | y);
            }
        }
        return voters;
    }

    protected static boolean twoAExists(SpecState st, Ballot b, long s) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && m.bal().equals(b) && m.slot() == s) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ actions

    /** TLA+ {@code Phase1a(r, b)}: r starts ballot b and sends a 1a. */
    public final SpecState Phase1a(SpecState st, int r, Ballot b, Why why) {
        if (!isReplica(r)) return why.fail("r \\in Replicas");
        if (!isBallot(b)) return why.fail("b \\in Ballots");
        if (!st.up(r)) return why.fail("up[r]");
        if (b.owner() != r) return why.fail("Owner(b) = r");
        if (!Ballot.max(st.promised(r), st.leader(r)).less(b)) return why.fail("Less(Max(promised[r], leader[r]), b)");
        return st.withLeader(r, b).send(new Msg.M1a(b));
    }

    /** TLA+ {@code Phase1b(a, m)}: a promises m.bal and reports all its votes. */
    public final SpecState Phase1b(SpecState st, int a, Msg.M1a m, Why why) {
        if (!isReplica(a)) return why.fail("a \\in Replicas");
        if (!st.up(a)) return why.fail("up[a]");
        if (!st.contains(m)) return why.fail("m \\in msgs /\\ m.type = \"1a\"");
        if (!st.promised(a).lessEq(m.bal())) return why.fail("LessEq(promised[a], m.bal)");
        return st.withPromised(a, m.bal()).send(new Msg.M1b(a, m.bal(), st.votes(a)));
    }

    /** TLA+ {@code Phase2a(r, b, s, v)}: leader r of b proposes v in s. */
    public final SpecState Phase2a(SpecState st, int r, Ballot b, long s, Value v, Why why) {
        if (!isReplica(r)) return why.fail("r \\in Replicas");
        if (!isBallot(b)) return why.fail("b \\in Ballots");
        if (!isSlot(s)) return why.fail("s \\in Slots");
        if (!isProposable(v)) return why.fail("v \\in Proposable");
        if (!st.up(r)) return why.fail("up[r]");
        if (!st.leader(r).equals(b)) return why.fail("leader[r] = b");
        if (!inWindow(st, r, s)) return why.fail("InWindow(r, s)");
        if (twoAExists(st, b, s)) return why.fail("~\\E m \\in msgs : m.type = \"2a\" /\\ m.bal = b /\\ m.slot = s");
        Config cfg = governingConfig(st, r, s);
        if (!quorumAdmits(st, cfg, b, s, v)) {
            return why.fail("\\E Q \\in Quorums(" + cfg + ") : (\\A a \\in Q : a sent a 1b for b) /\\ SafeValue(Q1b, s, v)");
        }
        return st.send(new Msg.M2a(b, s, v, cfg));
    }

    /** TLA+ {@code Phase2b(a, m)}: a votes for the 2a m unless it promised a higher ballot. */
    public final SpecState Phase2b(SpecState st, int a, Msg.M2a m, Why why) {
        if (!isReplica(a)) return why.fail("a \\in Replicas");
        if (!st.up(a)) return why.fail("up[a]");
        if (!st.contains(m)) return why.fail("m \\in msgs /\\ m.type = \"2a\"");
        if (!accepts2a(st, a, m)) return why.fail("Accepts2a(a, m)");
        return st.withPromised(a, Ballot.max(st.promised(a), m.bal()))
                .withVote(a, m.slot(), new Vote(m.bal(), m.val()))
                .send(new Msg.M2b(a, m.bal(), m.slot(), m.val()));
    }

    /** TLA+ {@code Learn(r, s, v)}: r learns v chosen in s. */
    public final SpecState Learn(SpecState st, int r, long s, Value v, Why why) {
        if (!isReplica(r) || !model.learners().contains(r)) return why.fail("r \\in Learners");
        if (!isSlot(s)) return why.fail("s \\in Slots");
        if (!isProposable(v)) return why.fail("v \\in Proposable");
        if (!st.up(r)) return why.fail("up[r]");
        Value known = st.learned(r).get(s);
        if (known != null && !known.equals(v)) return why.fail("learned[r][s] \\in {None, v}");
        if (!chosen(st, s, v)) return why.fail("\\E b \\in Ballots, Q \\in Quorums : ChosenIn(s, v, Q, b)");
        return st.withLearned(r, s, v);
    }

    /**
     * TLA+ {@code InstallSnapshot(r, q, k)}: r installs the snapshot q made of slots 1..k, learning the whole
     * prefix in one step. q need not be up (learned is durable). Safe because it copies only values q learned.
     */
    public final SpecState InstallSnapshot(SpecState st, int r, int q, long k, Why why) {
        if (!model.snapshotTransfer()) return why.fail("SnapshotTransfer");
        if (!isReplica(r) || !model.learners().contains(r)) return why.fail("r \\in Learners");
        if (!isReplica(q) || !model.learners().contains(q)) return why.fail("q \\in Learners");
        if (!isSlot(k)) return why.fail("k \\in Slots");
        if (!st.up(r)) return why.fail("up[r]");
        SlotMap<Value> source = st.learned(q);
        if (source.firstAbsent() <= k) return why.fail("\\A i \\in 1..k : learned[q][i] # None");
        SlotMap<Value> target = st.learned(r);
        for (int i = 0; i < target.size() && target.slotAt(i) <= k; i++) {
            if (!target.valueAt(i).equals(source.get(target.slotAt(i)))) {
                return why.fail("\\A i \\in 1..k : learned[r][i] \\in {None, learned[q][i]}");
            }
        }
        return st.withLearnedPrefix(r, source, k);
    }

    /** TLA+ {@code Crash(r)}: r stops and loses its volatile state (the ballot it leads). */
    public final SpecState Crash(SpecState st, int r, Why why) {
        if (!isReplica(r) || !model.isCrashable(r)) return why.fail("r \\in Crashable");
        if (!st.up(r)) return why.fail("up[r]");
        return st.withUp(r, false).withLeader(r, Ballot.ZERO);
    }

    /** TLA+ {@code Restart(r)}: r comes back with its durable state. */
    public final SpecState Restart(SpecState st, int r, Why why) {
        if (!isReplica(r)) return why.fail("r \\in Replicas");
        if (st.up(r)) return why.fail("~up[r]");
        return st.withUp(r, true).withPromised(r, recoveredPromise(st, r));
    }

    // ------------------------------------------------------------------ Next, steps

    /** Applies one step: the action it names with its parameters (messages looked up by their fields). */
    public final SpecState apply(SpecState st, Step step, Why why) {
        return switch (step) {
            case Step.Phase1a p -> Phase1a(st, p.r(), p.bal(), why);
            case Step.Phase1b p -> Phase1b(st, p.a(), new Msg.M1a(p.bal()), why);
            case Step.Phase2a p -> Phase2a(st, p.r(), p.bal(), p.slot(), p.val(), why);
            case Step.Phase2b p -> {
                Msg.M2a m = find2a(st, p.bal(), p.slot(), p.val());
                yield m == null ? why.fail("m \\in msgs /\\ m.type = \"2a\"") : Phase2b(st, p.a(), m, why);
            }
            case Step.Learn p -> Learn(st, p.r(), p.slot(), p.val(), why);
            case Step.InstallSnapshot p -> InstallSnapshot(st, p.r(), p.q(), p.k(), why);
            case Step.Crash p -> Crash(st, p.r(), why);
            case Step.Restart p -> Restart(st, p.r(), why);
        };
    }

    private static Msg.M2a find2a(SpecState st, Ballot b, long s, Value v) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && m.bal().equals(b) && m.slot() == s && m.val().equals(v)) {
                return m;
            }
        }
        return null;
    }

    /**
     * TLA+ {@code Next}: calls {@code out} with every (step, successor) pair, stuttering ones included, in a
     * fixed order (so BFS counterexamples are reproducible). Needs a bounded model.
     */
    public final void next(SpecState st, BiConsumer<Step, SpecState> out) {
        if (model.maxRound() == Long.MAX_VALUE || model.maxSlot() == Long.MAX_VALUE || model.values() == null) {
            throw new IllegalStateException("Next needs a bounded model; replay models are unbounded");
        }
        if (proposable == null) {
            proposable = List.copyOf(enumerateProposable());
        }
        int n = model.n();
        Why w = Why.SILENT;
        SpecState t;
        for (int r = 1; r <= n; r++) {
            if (!model.leaders().contains(r)) {
                continue;
            }
            for (long i = 1; i <= model.maxRound(); i++) {
                Ballot b = Ballot.of(i, r);
                if ((t = Phase1a(st, r, b, w)) != null) out.accept(new Step.Phase1a(r, b), t);
            }
        }
        for (int a = 1; a <= n; a++) {
            for (int i = 0; i < st.msgCount(); i++) {
                if (st.msg(i) instanceof Msg.M1a m && (t = Phase1b(st, a, m, w)) != null) {
                    out.accept(new Step.Phase1b(a, m.bal()), t);
                }
            }
        }
        for (int r = 1; r <= n; r++) {
            Ballot b = st.leader(r);
            if (b.isZero()) {
                continue;    // Phase2a needs leader[r] = b for some b \in Ballots
            }
            for (long s = 1; s <= model.maxSlot(); s++) {
                for (Value v : proposable) {
                    if ((t = Phase2a(st, r, b, s, v, w)) != null) out.accept(new Step.Phase2a(r, b, s, v), t);
                }
            }
        }
        for (int a = 1; a <= n; a++) {
            for (int i = 0; i < st.msgCount(); i++) {
                if (st.msg(i) instanceof Msg.M2a m && (t = Phase2b(st, a, m, w)) != null) {
                    out.accept(new Step.Phase2b(a, m.bal(), m.slot(), m.val()), t);
                }
            }
        }
        for (int r = 1; r <= n; r++) {
            if (!model.learners().contains(r)) {
                continue;
            }
            for (long s = 1; s <= model.maxSlot(); s++) {
                for (Value v : proposable) {
                    if ((t = Learn(st, r, s, v, w)) != null) out.accept(new Step.Learn(r, s, v), t);
                }
            }
        }
        if (model.snapshotTransfer()) {
            for (int r = 1; r <= n; r++) {
                for (int q = 1; q <= n; q++) {
                    for (long k = 1; k <= model.maxSlot(); k++) {
                        if ((t = InstallSnapshot(st, r, q, k, w)) != null) out.accept(new Step.InstallSnapshot(r, q, k), t);
                    }
                }
            }
        }
        for (int r = 1; r <= n; r++) {
            if ((t = Crash(st, r, w)) != null) out.accept(new Step.Crash(r), t);
            if ((t = Restart(st, r, w)) != null) out.accept(new Step.Restart(r), t);
        }
    }

    // ------------------------------------------------------------------ invariants

    /** The invariants the MC configurations check, in the order TLC checks them. */
    public List<Invariant> invariants() {
        return List.of(
                new Invariant("TypeOK", this::typeOK),
                new Invariant("Agreement", MultiPaxosSpec::agreement),
                new Invariant("Validity", this::validity),
                new Invariant("VoteBelowPromise", MultiPaxosSpec::voteBelowPromise));
    }

    /** Every invariant the module defines, by its TLA+ name (an MC config picks some of them). */
    public List<Invariant> allInvariants() {
        List<Invariant> all = new ArrayList<>(invariants());
        all.add(new Invariant("LearnedChosen", this::learnedChosen));
        return List.copyOf(all);
    }

    /** The invariant named {@code name} in the TLA+ module (throws if the mirror has none by that name). */
    public final Invariant invariant(String name) {
        for (Invariant inv : allInvariants()) {
            if (inv.name().equals(name)) {
                return inv;
            }
        }
        throw new IllegalArgumentException(moduleName() + " has no invariant " + name + " in the mirror");
    }

    /**
     * TLA+ {@code Chosen(s)}: the values a quorum voted for in s in one ballot (in the reconfiguration spec, a
     * quorum of the configuration the 2a names), in {@link #next}'s order of values. The refinement mapping
     * {@code chosenBar} is this for every slot.
     */
    public final List<Value> chosenValues(SpecState st, long s) {
        if (proposable == null) {
            proposable = List.copyOf(enumerateProposable());
        }
        List<Value> out = new ArrayList<>(1);
        if (memoizable(s)) {
            long mask = chosenMask(st, s);
            for (int i = 0; mask != 0; i++, mask >>>= 1) {
                if ((mask & 1) != 0) {
                    out.add(proposable.get(i));
                }
            }
            return out;
        }
        for (Value v : proposable) {
            if (chosen(st, s, v)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Whether the step from {@code a} to {@code b} is a step of {@code Consensus!Next} under the mapping
     * {@code chosenBar}, or leaves chosenBar unchanged (TLA+ {@code [][Cons!Next]_chosenBar}): returns null if
     * so, else the slot where it is not (a second value chosen, or a chosen value lost). chosenBar depends on
     * msgs only, so a step that sends nothing is a stutter.
     */
    public final Long refinementBrokenAt(SpecState a, SpecState b) {
        if (!adds2b(a, b)) {
            return null;
        }
        long changed = 0;
        int changes = 0;
        for (long s = 1; s <= model.maxSlot(); s++) {
            if (memoizable(s)) {
                long before = chosenMask(a, s);
                long after = chosenMask(b, s);
                if (before == after) {
                    continue;
                }
                if (before != 0 || Long.bitCount(after) != 1) {
                    return s;
                }
                changes++;
                changed = s;
                continue;
            }
            List<Value> before = chosenValues(a, s);
            List<Value> after = chosenValues(b, s);
            if (before.equals(after)) {
                continue;
            }
            if (!before.isEmpty() || after.size() != 1) {
                return s;      // not Choose(s, v): chosen[s] was not empty, or more than one value at once
            }
            changes++;
            changed = s;
        }
        return changes <= 1 ? null : changed;
    }

    /**
     * Whether b's msgs hold a 2b that a's do not. Only such a step can change chosenBar: a 2b is sent only
     * while its 2a is in msgs (and msgs never shrink), and a new 2a is for a (ballot, slot) with no 2a yet,
     * hence with no 2b yet, so it completes no quorum by itself.
     */
    private static boolean adds2b(SpecState a, SpecState b) {
        if (a.msgs == b.msgs) {
            return false;
        }
        for (int i = 0; i < b.msgCount(); i++) {
            if (b.msg(i) instanceof Msg.M2b m && !a.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /** TLA+ {@code Cons!Init} under chosenBar: nothing chosen (null), else the first slot with a chosen value. */
    public final Long refinementInitBrokenAt(SpecState st) {
        for (long s = 1; s <= model.maxSlot(); s++) {
            if (!chosenValues(st, s).isEmpty()) {
                return s;
            }
        }
        return null;
    }

    /** TLA+ {@code LearnedChosen}: every learned value is in {@code Chosen(s)}. */
    public boolean learnedChosen(SpecState st) {
        for (int r = 1; r <= st.n(); r++) {
            SlotMap<Value> l = st.learned(r);
            for (int i = 0; i < l.size(); i++) {
                if (!chosen(st, l.slotAt(i), l.valueAt(i))) return false;
            }
        }
        return true;
    }

    /** TLA+ {@code TypeOK}: every variable within its type, for the model's constants. */
    public boolean typeOK(SpecState st) {
        for (int r = 1; r <= model.n(); r++) {
            if (!(st.promised(r).isZero() || isBallot(st.promised(r)))) return false;
            if (!(st.leader(r).isZero() || isBallot(st.leader(r)))) return false;
            if (!votesOK(st.votes(r))) return false;
            SlotMap<Value> l = st.learned(r);
            for (int i = 0; i < l.size(); i++) {
                if (!isSlot(l.slotAt(i)) || !isProposable(l.valueAt(i))) return false;
            }
        }
        for (int i = 0; i < st.msgCount(); i++) {
            boolean ok = switch (st.msg(i)) {
                case Msg.M1a m -> isBallot(m.bal());
                case Msg.M1b m -> isReplica(m.acc()) && isBallot(m.bal()) && votesOK(m.votes());
                case Msg.M2a m -> isBallot(m.bal()) && isSlot(m.slot()) && isProposable(m.val());
                case Msg.M2b m -> isReplica(m.acc()) && isBallot(m.bal()) && isSlot(m.slot()) && isProposable(m.val());
            };
            if (!ok) return false;
        }
        return true;
    }

    private boolean votesOK(SlotMap<Vote> vs) {
        for (int i = 0; i < vs.size(); i++) {
            if (!isSlot(vs.slotAt(i)) || !isBallot(vs.valueAt(i).bal()) || !isProposable(vs.valueAt(i).val())) {
                return false;
            }
        }
        return true;
    }

    /** TLA+ {@code Agreement}: no two replicas learn different values for a slot. */
    public static boolean agreement(SpecState st) {
        for (int r1 = 1; r1 <= st.n(); r1++) {
            SlotMap<Value> l1 = st.learned(r1);
            for (int i = 0; i < l1.size(); i++) {
                for (int r2 = r1 + 1; r2 <= st.n(); r2++) {
                    Value other = st.learned(r2).get(l1.slotAt(i));
                    if (other != null && !other.equals(l1.valueAt(i))) return false;
                }
            }
        }
        return true;
    }

    /** TLA+ {@code Validity}: a learned value is proposable and was proposed (in a 2a) for that slot. */
    public boolean validity(SpecState st) {
        // A model checker's states hold a few messages: scan them. A replayed real run holds thousands, and
        // a scan per learned slot would make each check quadratic: index the 2a messages once instead.
        Set<SlotValue> proposals = st.msgCount() > 64 ? proposals(st) : null;
        for (int r = 1; r <= st.n(); r++) {
            SlotMap<Value> l = st.learned(r);
            for (int i = 0; i < l.size(); i++) {
                long s = l.slotAt(i);
                Value v = l.valueAt(i);
                boolean wasProposed = proposals == null ? proposed(st, s, v) : proposals.contains(new SlotValue(s, v));
                if (!isProposable(v) || !wasProposed) return false;
            }
        }
        return true;
    }

    private record SlotValue(long slot, Value value) {}

    private static Set<SlotValue> proposals(SpecState st) {
        Set<SlotValue> set = new HashSet<>();
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m) set.add(new SlotValue(m.slot(), m.val()));
        }
        return set;
    }

    private static boolean proposed(SpecState st, long s, Value v) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && m.slot() == s && m.val().equals(v)) return true;
        }
        return false;
    }

    /** TLA+ {@code VoteBelowPromise}: no acceptor holds a vote above its promise. */
    public static boolean voteBelowPromise(SpecState st) {
        for (int a = 1; a <= st.n(); a++) {
            SlotMap<Vote> vs = st.votes(a);
            for (int i = 0; i < vs.size(); i++) {
                if (!vs.valueAt(i).bal().lessEq(st.promised(a))) return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ liveness under a stable leader

    /** TLA+ {@code Disturbance}: the two actions LiveSpec leaves unfair and StableLeader rules out eventually. */
    public static boolean disturbs(Step step) {
        return step instanceof Step.Phase1a || step instanceof Step.Crash;
    }

    /** TLA+ {@code LeadsTop(l)}: l is up and leads a ballot no sent 1a is above. */
    public final boolean leadsTop(SpecState st, int l) {
        Ballot b = st.leader(l);
        if (!st.up(l) || b.isZero()) {
            return false;
        }
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M1a m && !m.bal().lessEq(b)) {
                return false;
            }
        }
        return true;
    }

    /** {@code \E l \in Leaders : LeadsTop(l)}: the state part of TLA+ {@code StableLeader}. */
    public final boolean someLeaderLeadsTop(SpecState st) {
        for (int l = 1; l <= model.n(); l++) {
            if (model.leaders().contains(l) && leadsTop(st, l)) {
                return true;
            }
        }
        return false;
    }

    /** TLA+ {@code ByStableLeader(m)}: a 2a of the ballot a top leader leads. */
    protected final boolean byStableLeader(SpecState st, Msg.M2a m) {
        for (int l = 1; l <= model.n(); l++) {
            if (model.leaders().contains(l) && leadsTop(st, l) && st.leader(l).equals(m.bal())) {
                return true;
            }
        }
        return false;
    }

    /** TLA+ {@code ProposalsLearned}: every learner learned each 2a of the stable leader's ballot, as it is. */
    public final boolean proposalsLearned(SpecState st) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && byStableLeader(st, m)) {
                for (int r = 1; r <= model.n(); r++) {
                    if (model.learners().contains(r) && !m.val().equals(st.learned(r).get(m.slot()))) return false;
                }
            }
        }
        return true;
    }

    /** TLA+ {@code ReconfigCompleted} (reconfiguration spec only; nothing to complete here). */
    public boolean reconfigCompleted(SpecState st) {
        throw new UnsupportedOperationException(moduleName() + " has no ReconfigCompleted");
    }

    /** Every replica learned every slot: the goal of TLA+ {@code EveryoneLearnsEverything}. */
    public boolean everyoneLearnedEverything(SpecState st) {
        for (int r = 1; r <= model.n(); r++) {
            if (model.learners().contains(r) && st.learned(r).size() != model.maxSlot()) return false;
        }
        return true;
    }
}

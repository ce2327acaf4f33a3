package io.decree.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Trace validation: replays the steps of an engine run, one at a time, against the spec.
 *
 * <p>Usage, from the engine's trace events:
 * <pre>{@code
 * Replay replay = new Replay(new MultiPaxosSpec(Model.replay(3, window)));
 * replay.apply(new Step.Phase1a(1, Ballot.of(1, 1)));
 * replay.apply(new Step.Phase1b(2, Ballot.of(1, 1)));
 * replay.apply(new Step.Phase2a(1, Ballot.of(1, 1), 7, Value.client(decreeBytes)));
 * replay.apply(new Step.Phase2b(2, Ballot.of(1, 1), 7, Value.client(decreeBytes)));
 * replay.apply(new Step.Learn(1, 7, Value.client(decreeBytes)));
 * }</pre>
 *
 * <p>Each {@link #apply} runs the action the step names with its parameters, exactly as the model checker
 * does, then checks every invariant. Values are opaque (any client value, e.g. the decree bytes or a hash),
 * and rounds and slots are unbounded, so any engine run can be replayed; replica ids are 1..n.
 *
 * <p>Mapping engine events to steps (the engine emits one event per spec action, named as the action):
 * Phase1a when a candidate sends its 1a; Phase1b when an acceptor answers a 1a (name the 1a by its ballot);
 * Phase2a when a leader sends a 2a; Phase2b when an acceptor votes (name the 2a by ballot, slot, value);
 * Learn when a replica knows a slot chosen (both the leader deciding and a follower applying a Commit);
 * Crash / Restart at process stop / recovery. A message the engine merely receives and drops is no step.
 * A 1a sent "from slot k" is a Phase1a: the spec's 1b reports all votes, a superset of the engine's.
 *
 * <p>On the first step the spec does not allow, {@link #apply} throws {@link ReplayException} naming the step,
 * its position in the trace, the enabling condition that was false (the TLA+ conjunct) or the invariant that
 * broke, and the spec state it was applied to; the replay stays at the last good state.
 *
 * <p>Invariants are checked after every step by default. A long trace read back after the fact (a real
 * run's, tens of thousands of steps) can ask for {@linkplain #amortized() amortized} checking instead: every
 * step's enabling condition is still checked at once, but the invariants, whose cost grows with the message
 * set, only every {@code max(1, messages / 16)} steps and at {@link #finish()}. A violation found then is
 * located exactly by replaying from the last state checked, one step and one check at a time, so the
 * report names the same step, index and state as checking after every step would. What sampling can miss
 * is a violation that a later step of the same batch undoes: not possible for Agreement, Validity and
 * TypeOK (learned values and messages only accumulate, and a learned value never changes), possible in
 * principle for VoteBelowPromise, which a later, higher promise would restore (it holds by construction
 * of Phase2b, so an engine step breaking it is first refused by Phase2b's enabling condition anyway).
 */
public final class Replay {
    private final MultiPaxosSpec spec;
    private final List<Invariant> invariants;
    private final List<Step> applied = new ArrayList<>();
    private final boolean amortized;
    /** With amortized checking, a batch is at least this many steps (and at least messages / 16). */
    private final int minBatch;
    private SpecState state;
    /** The last state all invariants were checked on, and how many steps had been applied then. */
    private SpecState checked;
    private int checkedCount;

    public Replay(MultiPaxosSpec spec) {
        this(spec, false, 1);
    }

    private Replay(MultiPaxosSpec spec, boolean amortized, int minBatch) {
        this.spec = spec;
        this.invariants = spec.invariants();
        this.state = spec.init();
        this.amortized = amortized;
        this.minBatch = minBatch;
        this.checked = state;
    }

    /** A replay that checks invariants in amortized batches (see the class comment); call {@link #finish()} at the end. */
    public static Replay amortized(MultiPaxosSpec spec) {
        return new Replay(spec, true, 1);
    }

    /** Amortized, with batches of at least {@code minBatch} steps: tests use it to exercise the locating walk. */
    static Replay amortized(MultiPaxosSpec spec, int minBatch) {
        return new Replay(spec, true, minBatch);
    }

    /** The current spec state (initially TLA+ {@code Init}). */
    public SpecState state() {
        return state;
    }

    /** The steps applied so far. */
    public List<Step> applied() {
        return List.copyOf(applied);
    }

    /**
     * Applies {@code step} to the current state and returns the new one.
     *
     * @throws ReplayException if the step's action is not enabled with these parameters, or the new state breaks
     *                         an invariant
     */
    public SpecState apply(Step step) {
        Why.Recorder why = new Why.Recorder();
        SpecState next = spec.apply(state, step, why);
        if (next == null) {
            finish(); // an earlier step may already have broken an invariant: that is the first failure
            throw new ReplayException(step, applied.size(), "enabling condition " + why.condition + " is false", state);
        }
        if (!amortized) {
            String broken = brokenInvariant(next);
            if (broken != null) {
                throw new ReplayException(step, applied.size(), "invariant " + broken + " is violated after the step", next);
            }
            checked = next;
            checkedCount = applied.size() + 1;
        }
        applied.add(step);
        state = next;
        if (amortized && applied.size() - checkedCount >= Math.max(minBatch, next.msgCount() / 16)) {
            finish();
        }
        return next;
    }

    /**
     * Checks the invariants on every step applied since the last check (nothing to do unless {@linkplain
     * #amortized() amortized}).
     *
     * @throws ReplayException naming the first step after which an invariant is violated; the replay is then
     *                         at the state before that step
     */
    public SpecState finish() {
        if (checkedCount == applied.size() || brokenInvariant(state) == null) {
            checked = state;
            checkedCount = applied.size();
            return state;
        }
        SpecState s = checked;
        for (int i = checkedCount; i < applied.size(); i++) {
            SpecState next = spec.apply(s, applied.get(i), new Why.Recorder());
            String broken = brokenInvariant(next);
            if (broken != null) {
                Step step = applied.get(i);
                applied.subList(i, applied.size()).clear();
                state = s;
                checked = s;
                checkedCount = i;
                throw new ReplayException(step, i, "invariant " + broken + " is violated after the step", next);
            }
            s = next;
        }
        throw new IllegalStateException("an invariant broke on the batch's last state but on none of its steps");
    }

    private String brokenInvariant(SpecState s) {
        for (Invariant inv : invariants) {
            if (!inv.holds(s)) {
                return inv.name();
            }
        }
        return null;
    }

    /** Applies every step in order (stops at the first failing one, see {@link #apply}). */
    public SpecState applyAll(List<Step> steps) {
        for (Step s : steps) {
            apply(s);
        }
        return finish();
    }

    /** The step the spec refused, its index (0-based) in the trace, why, and the spec state. */
    public static final class ReplayException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Step step;
        private final int index;
        private final String reason;
        private final transient SpecState state;

        ReplayException(Step step, int index, String reason, SpecState state) {
            super("step #" + index + " " + step + ": " + reason + "\nspec state:\n" + state);
            this.step = step;
            this.index = index;
            this.reason = reason;
            this.state = state;
        }

        public Step step() {
            return step;
        }

        public int index() {
            return index;
        }

        /** "enabling condition <TLA+ conjunct> is false" or "invariant <Name> is violated after the step". */
        public String reason() {
            return reason;
        }

        public SpecState state() {
            return state;
        }
    }
}

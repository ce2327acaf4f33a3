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
 */
public final class Replay {
    private final MultiPaxosSpec spec;
    private final List<Invariant> invariants;
    private final List<Step> applied = new ArrayList<>();
    private SpecState state;

    public Replay(MultiPaxosSpec spec) {
        this.spec = spec;
        this.invariants = spec.invariants();
        this.state = spec.init();
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
            throw new ReplayException(step, applied.size(), "enabling condition " + why.condition + " is false", state);
        }
        for (Invariant inv : invariants) {
            if (!inv.holds(next)) {
                throw new ReplayException(step, applied.size(), "invariant " + inv.name() + " is violated after the step", next);
            }
        }
        applied.add(step);
        state = next;
        return next;
    }

    /** Applies every step in order (stops at the first failing one, see {@link #apply}). */
    public SpecState applyAll(List<Step> steps) {
        for (Step s : steps) {
            apply(s);
        }
        return state;
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

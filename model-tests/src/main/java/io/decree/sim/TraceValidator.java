package io.decree.sim;

import io.decree.engine.protocol.Ballot;
import io.decree.engine.protocol.Decree;
import io.decree.engine.trace.SpecTrace;
import io.decree.spec.Config;
import io.decree.spec.Model;
import io.decree.spec.MultiPaxosReconfigSpec;
import io.decree.spec.MultiPaxosSpec;
import io.decree.spec.Replay;
import io.decree.spec.Step;
import io.decree.spec.Value;

/**
 * Trace validation: every spec-level step the engine takes is replayed through the Java mirror of
 * {@code specs-tla/MultiPaxos.tla} (or, for runs that change membership, {@code MultiPaxosReconfig.tla})
 * as it happens; the first step the spec does not allow stops the run with an {@link InvariantViolation}
 * named "TraceValidation" that prints the step, the enabling condition or invariant that failed, and the
 * spec state.
 *
 * <p>Mapping: engine ballots (round, replica) are spec ballots; engine slot {@code s} is spec slot
 * {@code s + 1} (the spec counts from 1); a decree is the opaque client value named by its fingerprint, the
 * no-op decree is {@code NoOp}, and a configuration decree is {@code [config |-> C]}. A snapshot covering
 * engine slots below k is spec {@code InstallSnapshot(r, q, k)}. The reconfiguration spec's alpha is the
 * engine's pipelining window, as in the engine.
 */
public final class TraceValidator implements SpecTrace {
    private final Replay replay;
    private final java.util.List<Step> emitted = new java.util.ArrayList<>();
    private long steps;
    private int failedIndex = -1;

    /** Static membership: replicas 1..{@code replicas} are the one configuration (MultiPaxos.tla). */
    public TraceValidator(int replicas, int window) {
        this(replicas, window, false);
    }

    private TraceValidator(int replicas, int window, boolean amortized) {
        this.replay = replay(new MultiPaxosSpec(Model.replay(replicas, window)), amortized);
    }

    /**
     * Membership changes (MultiPaxosReconfig.tla): replicas 1..{@code universe} exist, the initial
     * configuration is 1..{@code initialMembers}, alpha is {@code window}.
     */
    public TraceValidator(int universe, int window, int initialMembers) {
        this(universe, window, initialMembers, false);
    }

    private TraceValidator(int universe, int window, int initialMembers, boolean amortized) {
        this.replay = replay(new MultiPaxosReconfigSpec(Model.replayReconfig(universe, window, Config.all(initialMembers))), amortized);
    }

    private static Replay replay(MultiPaxosSpec spec, boolean amortized) {
        return amortized ? Replay.amortized(spec) : new Replay(spec);
    }

    /**
     * A validator for a whole trace read back after the run ({@code io.decree.sim.trace.TraceCheck}): the
     * invariants are checked in amortized batches ({@link Replay#amortized}), so a run of tens of thousands
     * of steps validates in seconds; {@link #finish()} checks the last batch. A failure names the same step.
     */
    public static TraceValidator amortized(int replicas, int window) {
        return new TraceValidator(replicas, window, true);
    }

    /** {@link #amortized(int, int)} for membership changes, as {@link #TraceValidator(int, int, int)}. */
    public static TraceValidator amortized(int universe, int window, int initialMembers) {
        return new TraceValidator(universe, window, initialMembers, true);
    }

    /**
     * The 0-based index, among the steps applied, of the step that failed validation (-1 while none has):
     * with amortized checking it can be earlier than the step being applied when the failure surfaced.
     */
    public int failedIndex() { return failedIndex; }

    /** The validator for a simulated run's shape: the reconfiguration spec when it has spares to add. */
    public static TraceValidator forRun(SimConfig config) {
        return config.spares() > 0
                ? new TraceValidator(config.totalReplicas(), config.options().window(), config.replicas())
                : new TraceValidator(config.replicas(), config.options().window());
    }

    /** Steps validated so far. */
    public long steps() { return steps; }

    /** The spec ballot of an engine ballot (round, replica). */
    public static io.decree.spec.Ballot ballot(long b) { return io.decree.spec.Ballot.of(Ballot.round(b), Ballot.replica(b)); }

    private static Value value(Decree d) {
        if (d.isNoop()) return Value.NOOP;
        if (d.isReconfiguration()) return Value.configChange(Config.of(d.configuration().members()));
        return Value.client(Long.toHexString(d.fingerprint()));
    }

    /** Every step the engine emitted, in order, the illegal one (if any) last: input for {@link TlaTrace}. */
    public java.util.List<Step> emitted() { return java.util.List.copyOf(emitted); }

    /**
     * Validates one step given in spec terms: what the SpecTrace methods do after mapping engine values, for a
     * trace read back from files ({@code io.decree.sim.trace.TraceCheck}), whose decrees are already names.
     *
     * @throws InvariantViolation "TraceValidation" at the first step the spec does not allow
     */
    public void apply(Step step) {
        emitted.add(step);
        try {
            replay.apply(step);
            steps++;
        } catch (Replay.ReplayException e) {
            throw violation(e);
        }
    }

    /** Checks the invariants on the steps not yet checked (amortized validators only have any). */
    public void finish() {
        try {
            replay.finish();
        } catch (Replay.ReplayException e) {
            throw violation(e);
        }
    }

    private InvariantViolation violation(Replay.ReplayException e) {
        failedIndex = e.index();
        steps = e.index();
        return new InvariantViolation("TraceValidation", "engine step #" + e.index() + " " + e.step()
                + " is not a legal spec step: " + e.reason() + "\nspec state:\n" + e.state());
    }

    @Override public void phase1a(int replica, long b) { apply(new Step.Phase1a(replica, ballot(b))); }

    @Override public void phase1b(int acceptor, long b) { apply(new Step.Phase1b(acceptor, ballot(b))); }

    @Override public void phase2a(int leader, long b, long slot, Decree decree) { apply(new Step.Phase2a(leader, ballot(b), slot + 1, value(decree))); }

    @Override public void phase2b(int acceptor, long b, long slot, Decree decree) { apply(new Step.Phase2b(acceptor, ballot(b), slot + 1, value(decree))); }

    @Override public void learn(int replica, long slot, Decree decree) { apply(new Step.Learn(replica, slot + 1, value(decree))); }

    @Override public void installSnapshot(int replica, int source, long nextSlot) { apply(new Step.InstallSnapshot(replica, source, nextSlot)); }

    @Override public void crash(int replica) { apply(new Step.Crash(replica)); }

    @Override public void restart(int replica) { apply(new Step.Restart(replica)); }
}

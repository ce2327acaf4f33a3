package io.decree.spec;

import java.util.List;

/**
 * The constants of a spec instance (TLA+ {@code CONSTANTS} of MultiPaxos / MultiPaxosReconfig). A model for the
 * checker bounds everything; {@link #replay} leaves rounds, slots and client values unbounded for trace
 * validation of engine runs.
 *
 * @param n            replicas are 1..n
 * @param maxRound     rounds 1..maxRound ({@code Long.MAX_VALUE}: unbounded)
 * @param maxSlot      slots 1..maxSlot ({@code Long.MAX_VALUE}: unbounded)
 * @param values       the client values a leader may propose; null: any client value (replay)
 * @param window       pipelining window; in the reconfiguration spec it is alpha
 * @param leaders      replicas that may start ballots
 * @param learners     replicas whose learning is modelled
 * @param crashable    replicas that may crash
 * @param initConfig   reconfiguration spec only: the configuration governing slots before any change (else null)
 * @param configs      reconfiguration spec only: configurations a leader may propose a change to; null: any (replay)
 * @param snapshotTransfer TLA+ {@code SnapshotTransfer}: whether InstallSnapshot (a learner installing another's
 *                     snapshot of a learned prefix) is a step; off in the bounded models unless asked for, on in replay
 */
public record Model(int n, long maxRound, long maxSlot, List<Value> values, long window,
                    Config leaders, Config learners, Config crashable, Config initConfig, List<Config> configs,
                    boolean snapshotTransfer) {

    public Model {
        if (n < 1 || n > 62) {
            throw new IllegalArgumentException("N must be in 1..62, got " + n);
        }
        if (maxRound < 1 || maxSlot < 1 || window < 1) {
            throw new IllegalArgumentException("MaxRound, MaxSlot and Window must be >= 1");
        }
        Config all = Config.all(n);
        for (Config c : new Config[] {leaders, learners, initConfig}) {
            if (c != null && (c.mask() & ~all.mask()) != 0) {
                throw new IllegalArgumentException("replica set " + c + " not within 1.." + n);
            }
        }
        if (crashable != null && (crashable.mask() & ~all.mask()) != 0) {
            throw new IllegalArgumentException("Crashable " + crashable + " not within 1.." + n);
        }
        values = values == null ? null : List.copyOf(values);
        configs = configs == null ? null : List.copyOf(configs);
    }

    /**
     * A bounded static-membership model (TLA+ MultiPaxos) without snapshot transfer. {@code crashable} may be
     * null (none).
     */
    public static Model of(int n, long maxRound, long maxSlot, List<String> values, long window,
                           Config leaders, Config learners, Config crashable) {
        return of(n, maxRound, maxSlot, values, window, leaders, learners, crashable, false);
    }

    /** A bounded static-membership model (TLA+ MultiPaxos), with {@code SnapshotTransfer} as given. */
    public static Model of(int n, long maxRound, long maxSlot, List<String> values, long window,
                           Config leaders, Config learners, Config crashable, boolean snapshotTransfer) {
        return new Model(n, maxRound, maxSlot, values.stream().map(Value::client).toList(), window,
                leaders, learners, crashable, null, null, snapshotTransfer);
    }

    /** A bounded reconfiguration model (TLA+ MultiPaxosReconfig) without snapshot transfer: window = alpha. */
    public static Model reconfig(int n, long maxRound, long maxSlot, List<String> values, long alpha,
                                 Config leaders, Config learners, Config crashable, Config initConfig,
                                 List<Config> configs) {
        return reconfig(n, maxRound, maxSlot, values, alpha, leaders, learners, crashable, initConfig, configs, false);
    }

    /** A bounded reconfiguration model (TLA+ MultiPaxosReconfig), with {@code SnapshotTransfer} as given. */
    public static Model reconfig(int n, long maxRound, long maxSlot, List<String> values, long alpha,
                                 Config leaders, Config learners, Config crashable, Config initConfig,
                                 List<Config> configs, boolean snapshotTransfer) {
        return new Model(n, maxRound, maxSlot, values.stream().map(Value::client).toList(), alpha,
                leaders, learners, crashable, initConfig, List.copyOf(configs), snapshotTransfer);
    }

    /**
     * Unbounded constants for replaying an engine trace: any round, slot and client value; every replica leads,
     * learns and may crash, and snapshot transfer is on (the engine may install snapshots). {@code window} is
     * the engine's pipelining window.
     */
    public static Model replay(int n, long window) {
        Config all = Config.all(n);
        return new Model(n, Long.MAX_VALUE, Long.MAX_VALUE, null, window, all, all, all, null, null, true);
    }

    /** Unbounded constants for replaying an engine trace with reconfiguration (window = alpha), snapshots on. */
    public static Model replayReconfig(int n, long alpha, Config initConfig) {
        Config all = Config.all(n);
        return new Model(n, Long.MAX_VALUE, Long.MAX_VALUE, null, alpha, all, all, all, initConfig, null, true);
    }

    public boolean isCrashable(int r) {
        return crashable != null && crashable.contains(r);
    }

    public boolean isReconfig() {
        return initConfig != null;
    }
}

package io.decree.testkit;

import io.decree.sim.FaultSchedule;
import io.decree.sim.SimConfig;
import io.decree.sim.SimResult;
import io.decree.sim.Simulation;
import io.decree.sim.UserWorkload;

/**
 * Your state machine inside Decree's deterministic Paxos simulator: three replicas of the real engine replicate
 * it under the simulator's default faults (message loss, duplication, reordering, partitions, crashes and
 * restarts, clock jumps), snapshots every {@value #SNAPSHOT_INTERVAL} slots so that lagging replicas catch up by
 * installing another's snapshot; three clients send {@link StateMachineContract#nextCommand} commands with
 * exactly-once sessions. Checked: every safety invariant of the protocol after every step, the replicas'
 * state machine digests equal at every applied slot (so a snapshot that restores a different state fails),
 * your {@link StateMachineContract#invariant} on every replica after every step, liveness once faults stop, and
 * the clients' history against your {@link StateMachineContract#model}. A run is a pure function of its seed.
 */
public final class SimulatorCheck {
    static final long SNAPSHOT_INTERVAL = 8;

    private SimulatorCheck() {
    }

    /** The shape of the runs: the simulator's defaults, with snapshots. */
    public static SimConfig config() {
        return SimConfig.defaults().withSnapshots(SNAPSHOT_INTERVAL);
    }

    /** The simulator's workload for {@code contract}. */
    public static <S> UserWorkload<S> workload(StateMachineContract<S> contract) {
        return new UserWorkload<>(contract::newStateMachine, contract::nextCommand, contract.model(), contract::isQuery,
                contract::invariant, contract::describeCommand);
    }

    /** One simulated run of {@code seed}; never throws for a violation (see {@link SimResult#ok()}). */
    public static Run run(StateMachineContract<?> contract, long seed) {
        SimConfig config = config();
        Simulation sim = new Simulation(seed, config, FaultSchedule.random(seed, config), null, false, workload(contract));
        SimResult result = sim.run();
        return new Run(result, sim.snapshotsInstalled(), sim.faultsApplied());
    }

    /** A run's outcome and how much of the snapshot path it exercised. */
    public record Run(SimResult result, long snapshotsInstalled, long faultsApplied) {
    }
}

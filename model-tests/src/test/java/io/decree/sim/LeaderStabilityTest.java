package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.Ballot;
import io.decree.engine.statemachine.KvCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leader stability under stalls, deterministically (docs/runtime.md, "Leader stability"). In one JVM a
 * stop-the-world GC pause stops every replica at once: afterwards each replica's clock has moved on with no
 * tick and no message in between, and before the fix the leader's check-quorum and the followers' election
 * time-outs counted that as silence, so a 200-600 ms G1 pause under load changed the leader (measured: 74-100
 * changes a minute in-process at 64 commands in flight). Here the same thing is a {@code CLOCK_JUMP} of the
 * stalled replicas at one simulated instant, taken while a saturating batch of commands is in flight. With
 * a fault-free network the leader must keep its ballot, nobody may stand (every ballot stays as it was) and
 * every command must complete.
 */
class LeaderStabilityTest {
    static final int IN_FLIGHT = 64;
    static final int ROUNDS = 4;
    static final long STALL_MS = 1_000;

    /** {@code stalled} is a bit set of replicas 1..3 that stall together (bit 0 is replica 1). */
    @ParameterizedTest(name = "stalled replicas {0}")
    @ValueSource(ints = {0b001, 0b010, 0b100, 0b011, 0b110, 0b101, 0b111})
    void aStallUnderLoadChangesNoLeader(int stalled) {
        int seeds = Tier.seeds(10, 500);
        for (long seed = 1; seed <= seeds; seed++) {
            SimConfig config = SimConfig.defaults().withClients(0, 0);
            Simulation sim = new Simulation(seed, config, FaultSchedule.none());
            assertTrue(sim.runUntil(() -> sim.leader() != 0, 10_000), "seed " + seed + ": no leader elected");
            sim.runUntil(() -> false, sim.now() + 1_000); // candidates that stood at the same time have settled
            int leader = sim.leader();
            assertTrue(leader != 0, "seed " + seed + ": no leader after the first election settled");
            long[] ballots = ballots(sim, config.replicas());
            String context = "seed " + seed + ", leader r" + leader + ", stalled " + Integer.toBinaryString(stalled);
            for (int round = 0; round < ROUNDS; round++) {
                List<CompletableFuture<byte[]>> commands = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++)
                    commands.add(sim.submit(leader, KvCommand.put("k" + (i % 8), "r" + round + "-" + i).encode()));
                sim.runUntil(() -> false, sim.now() + 7); // the batch is on the wire, part of it chosen
                for (int r = 1; r <= config.replicas(); r++)
                    if ((stalled & (1 << (r - 1))) != 0) sim.inject(new FaultEvent(sim.now(), FaultEvent.Kind.CLOCK_JUMP, r, STALL_MS));
                CompletableFuture<Void> all = CompletableFuture.allOf(commands.toArray(CompletableFuture<?>[]::new));
                assertTrue(sim.runUntil(all::isDone, sim.now() + 3_000), context + ", round " + round + ": commands still pending");
                String where = context + ", round " + round;
                for (CompletableFuture<byte[]> c : commands)
                    assertFalse(c.isCompletedExceptionally(), () -> where + ": a command failed: " + c.exceptionNow());
                assertEquals(leader, sim.leader(), context + ", round " + round + ": the leader changed");
                long[] now = ballots(sim, config.replicas());
                for (int r = 1; r <= config.replicas(); r++)
                    assertEquals(Ballot.toString(ballots[r]), Ballot.toString(now[r]), context + ", round " + round + ": replica r" + r + " stood for election");
            }
        }
    }

    private static long[] ballots(Simulation sim, int replicas) {
        long[] ballots = new long[replicas + 1];
        for (int r = 1; r <= replicas; r++) ballots[r] = sim.replica(r).ballot();
        return ballots;
    }
}

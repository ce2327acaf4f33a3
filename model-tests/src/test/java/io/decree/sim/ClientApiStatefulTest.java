package io.decree.sim;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.stateful.Command;
import org.quicktheories.core.stateful.Sequential;

/**
 * A stateful test of the client API: QuickTheories generates random command sequences, runs them against
 * a simulated 3-replica cluster and against a sequential model (a map), and after each command checks
 * that the cluster's answer and every replica's state equal the model's; failures shrink to the
 * shortest sequence.
 */
class ClientApiStatefulTest {

    /** The model: the map and the last result. */
    record Model(Map<String, String> map, String lastResult) {}

    /** The system under test: a cluster, and the last result it returned. */
    static final class Sut {
        final ClusterDriver cluster;
        String lastResult;

        Sut(long seed) { cluster = new ClusterDriver(seed, 3); }
    }

    record KvStep(KvCommand command) implements Command<Sut, Model> {
        @Override public void run(Sut sut) { sut.lastResult = KvStateMachine.result(sut.cluster.execute(command.encode())); }

        @Override public Model nextState(Model m) {
            Map<String, String> next = new HashMap<>(m.map());
            String current = next.get(command.key());
            String result = switch (command.op()) {
                case GET -> current;
                case PUT -> next.put(command.key(), command.value());
                case DELETE -> next.remove(command.key());
                case CAS -> {
                    boolean ok = Objects.equals(command.expected(), current);
                    if (ok) next.put(command.key(), command.value());
                    yield Boolean.toString(ok);
                }
            };
            return new Model(Map.copyOf(next), result);
        }

        @Override public String toString() { return command.toString(); }
    }

    static Gen<KvStep> steps() {
        return integers().between(0, 3).zip(integers().between(0, 2), integers().between(0, 3), (op, key, value) -> {
            String k = "k" + key, v = "v" + value;
            return new KvStep(switch (op) {
                case 0 -> KvCommand.get(k);
                case 1 -> KvCommand.put(k, v);
                case 2 -> KvCommand.delete(k);
                default -> KvCommand.cas(k, "v" + (value + 1) % 4, v);
            });
        });
    }

    private static Model observe(Sut sut) {
        Map<String, String> leaderView = null;
        // Let followers catch up, then every replica must hold the same map.
        sut.cluster.sim.runUntil(() -> false, sut.cluster.sim.now() + 200);
        for (int id = 1; id <= 3; id++) {
            Map<String, String> view = Map.copyOf(((KvStateMachine) sut.cluster.sim.replica(id).stateMachine()).snapshotView());
            if (leaderView == null) leaderView = view;
            else if (!leaderView.equals(view)) throw new AssertionError("replica " + id + " holds " + view + " but replica 1 holds " + leaderView);
        }
        return new Model(leaderView, sut.lastResult);
    }

    @Test
    void randomCommandSequencesMatchTheSequentialModel() {
        qt().withExamples(Tier.isLong() ? 500 : 40).withFixedSeed(11L)
                .forAll(integers().between(1, 1_000_000), lists().of(steps()).ofSizeBetween(1, 25))
                .checkAssert((seed, commands) -> Sequential.modelCheck(new Model(Map.of(), null), commands,
                        m -> new Sut(seed), ClientApiStatefulTest::observe));
    }

    @Test
    void theModelCheckCatchesAWrongResult() {
        // Guard against a vacuous check: a step whose model disagrees with the cluster must fail.
        KvStep honest = new KvStep(KvCommand.put("k0", "v0"));
        Command<Sut, Model> lying = new Command<>() {
            @Override public void run(Sut sut) { honest.run(sut); }

            @Override public Model nextState(Model m) { return new Model(Map.of("k0", "other"), null); }
        };
        try {
            Sequential.modelCheck(new Model(Map.of(), null), List.of(lying), m -> new Sut(1), ClientApiStatefulTest::observe);
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError("a wrong model went unnoticed");
    }
}

package io.decree.sim;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property tests over generated fault schedules: QuickTheories draws the message-fault rates, latencies
 * and a list of discrete faults, and on a failure shrinks them (fewer events, lower rates) before
 * reporting, alongside the simulator's own delta-debugging shrinker used for the mutants.
 */
class FaultSchedulePropertiesTest {
    static final SimConfig CONFIG = SimConfig.defaults().withClients(2, 15).withFaultsEnd(2_000);

    /** Faults that end by the time faults stop; STOP (down for good) is added by tests that keep a majority up. */
    static final List<FaultEvent.Kind> TRANSIENT = List.of(FaultEvent.Kind.CRASH, FaultEvent.Kind.RESTART, FaultEvent.Kind.PARTITION,
            FaultEvent.Kind.ISOLATE, FaultEvent.Kind.HEAL, FaultEvent.Kind.CLOCK_JUMP);

    static Gen<FaultEvent> events(int replicas, long horizon) {
        return longs().between(0, horizon - 1)
                .zip(integers().between(0, TRANSIENT.size() - 1), integers().between(1, replicas),
                        longs().between(1, 400),
                        (at, kind, replica, amount) -> new FaultEvent(at, TRANSIENT.get(kind), replica, amount));
    }

    static Gen<FaultSchedule> schedules(int replicas, long horizon) {
        Gen<List<FaultEvent>> events = lists().of(events(replicas, horizon)).ofSizeBetween(0, 12)
                .map(l -> l.stream().sorted(Comparator.comparingLong(FaultEvent::at)).toList());
        return doubles().between(0, 0.3).zip(doubles().between(0, 0.2), longs().between(0, 40), integers().between(0, 80), events,
                (drop, dup, spread, drift, ev) -> new FaultSchedule(drop, dup, 1, 1 + spread, drift, horizon, ev));
    }

    @Test
    void safetyAndLivenessHoldForEveryGeneratedSchedule() {
        int examples = Tier.isLong() ? 5_000 : 300;
        qt().withExamples(examples).withShrinkCycles(200).withFixedSeed(20261125L)
                .forAll(longs().between(1, Long.MAX_VALUE), schedules(CONFIG.replicas(), CONFIG.faultsEnd()))
                .checkAssert((seed, schedule) -> {
                    SimResult r = new Simulation(seed, CONFIG, schedule).run();
                    if (!r.ok()) throw new AssertionError(r.report());
                });
    }

    @Test
    void aMinorityStoppedForGoodDoesNotStopProgress() {
        qt().withExamples(Tier.isLong() ? 1_000 : 60).withFixedSeed(7L)
                .forAll(longs().between(1, Long.MAX_VALUE), schedules(5, 2_000), integers().between(1, 5), integers().between(1, 5))
                .checkAssert((seed, schedule, a, b) -> {
                    List<FaultEvent> events = new java.util.ArrayList<>(schedule.events());
                    events.add(new FaultEvent(1_500, FaultEvent.Kind.STOP, a, 0));
                    events.add(new FaultEvent(1_600, FaultEvent.Kind.STOP, b, 0));
                    events.sort(Comparator.comparingLong(FaultEvent::at));
                    SimResult r = new Simulation(seed, CONFIG.withReplicas(5), schedule.withEvents(events)).run();
                    if (!r.ok()) throw new AssertionError(r.report());
                });
    }
}

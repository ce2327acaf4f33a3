package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shrinker finds a 1-minimal set of fault events for a failure predicate it is given. */
class ShrinkerTest {

    @Test
    void ddminKeepsOnlyTheEventsTheFailureNeeds() {
        FaultEvent crash = new FaultEvent(100, FaultEvent.Kind.CRASH, 2, 0);
        FaultEvent jump = new FaultEvent(300, FaultEvent.Kind.CLOCK_JUMP, 1, 50);
        List<FaultEvent> noise = List.of(new FaultEvent(10, FaultEvent.Kind.ISOLATE, 1, 0), new FaultEvent(20, FaultEvent.Kind.HEAL, 0, 0),
                crash, new FaultEvent(150, FaultEvent.Kind.RESTART, 2, 0), new FaultEvent(200, FaultEvent.Kind.CLOCK_JUMP, 3, 9), jump,
                new FaultEvent(400, FaultEvent.Kind.ISOLATE, 3, 0));
        FaultSchedule schedule = new FaultSchedule(0.1, 0.05, 1, 20, 10, 1000, noise);
        // A synthetic failure: it happens whenever both the crash and the jump are in the schedule.
        Shrinker shrinker = new Shrinker(s -> {
            boolean fails = s.events().contains(crash) && s.events().contains(jump);
            return new SimResult(0, s, fails ? new InvariantViolation("Synthetic", "x") : null, 0, 0, 0, 0, 0, 0, List.of(), List.of());
        }, "Synthetic");
        FaultSchedule shrunk = shrinker.shrink(schedule);
        assertEquals(List.of(crash, jump), shrunk.events());
        assertEquals(0, shrunk.dropRate());
        assertEquals(0, shrunk.duplicateRate());
        assertEquals(shrunk.minDelay(), shrunk.maxDelay());
        assertTrue(shrinker.runs() < 40, "ddmin is cheap on small schedules: " + shrinker.runs());
    }
}

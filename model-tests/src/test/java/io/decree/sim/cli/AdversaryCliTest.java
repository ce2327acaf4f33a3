package io.decree.sim.cli;

import static io.decree.sim.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.contracts.ExpectedViolations;
import org.junit.jupiter.api.Test;

/** {@code ./decree simulate} with the adversarial fault kinds of issue #16: options, printout, replay of a mutant's catch. */
class AdversaryCliTest {

    @Test
    void swarmSeedsPrintTheKindsTheyDrewAndWhatTheAdversaryDid() {
        String text = run(0, "simulate", "--faults", "swarm", "--seeds", "4");
        assertTrue(text.contains("faults swarm (drawn per seed)"), text);
        assertEquals(4, text.lines().filter(l -> l.matches("seed \\d+: ok, .*; swarm on: .*")).count(), text);
        assertTrue(text.matches("(?s).*adversary: \\d+ messages held across elections, \\d+ replayed late, \\d+ rude requests, \\d+ repeat answers checked.*"), text);
        assertTrue(text.contains("ChosenByQuorum, CompactionFloor, SessionReply"), text);
    }

    @Test
    void chosenKindsAreAppliedOnTopOfTheDefaultFaultsAndPrinted() {
        String text = run(0, "simulate", "--seeds", "2", "--hold", "0.05", "--replay", "0.1", "--rude", "0.3", "--lease-reads", "0.3", "--drift-corners");
        assertTrue(text.contains("adversary: hold=0.050 replay=0.100 (held 150..1200ms) rude=0.300 drift=corners"), text);
        assertTrue(text.contains("lease reads (rho 0.3)") && text.contains("LeaseBackedByGrants"), text);
        assertTrue(text.contains("2 runs, 0 violations"), text);
    }

    @Test
    void badRatesAndModesAreRefusedByName() {
        assertTrue(run(2, "simulate", "--hold", "1.5").contains("--hold must be in [0, 1), got 1.5"));
        assertTrue(run(2, "simulate", "--faults", "none", "--rude", "0.2").contains("--faults none cannot take adversarial faults"));
    }

    @Test
    void aMutantsCatchReplaysFromTheCommandLine() {
        // The command MutantsCaughtTest prints for this mutant; the test JVM allows mutants, as the replay's JAVA_TOOL_OPTIONS does.
        try (var expected = ExpectedViolations.onThisThread("CLI replay of mutant SESSION_ANSWERS_OLD_RETRY_WITH_NEWER")) {
            String text = run(1, "simulate", "--mutant", "SESSION_ANSWERS_OLD_RETRY_WITH_NEWER", "--seed", "2", "--seeds", "1", "--faults", "swarm");
            assertTrue(text.contains("MUTANT SESSION_ANSWERS_OLD_RETRY_WITH_NEWER"), text);
            assertTrue(text.contains("VIOLATION of SessionReply"), text);
        }
    }
}

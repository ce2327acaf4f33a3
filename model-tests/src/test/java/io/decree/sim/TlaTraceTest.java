package io.decree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decree.spec.Ballot;
import io.decree.spec.Config;
import io.decree.spec.Model;
import io.decree.spec.MultiPaxosReconfigSpec;
import io.decree.spec.MultiPaxosSpec;
import io.decree.spec.Replay;
import io.decree.spec.Step;
import io.decree.spec.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TlaTrace} on hand-written step lists with the steps engine runs do not produce yet: a snapshot install
 * and configuration changes. Each list is first replayed by the Java mirror (so it is known legal, or known
 * refused at one step); the test checks the TLC model written for it, and, where {@code TLA2TOOLS_JAR} is set,
 * that TLC accepts the legal trace and stops at the same step as the mirror on the broken one.
 */
class TlaTraceTest {
    private static final Ballot B = Ballot.of(1, 1);
    private static final Value X = Value.client("x");
    private static final Value CHANGE = Value.configChange(Config.of(3));

    /** Slots 1 (x) and 2 (NoOp) chosen by {1, 2}; 1 learns both, 3 installs 1's snapshot of them. */
    private static List<Step> staticTrace() {
        List<Step> steps = new ArrayList<>(List.of(
                new Step.Phase1a(1, B), new Step.Phase1b(1, B), new Step.Phase1b(2, B),
                new Step.Phase2a(1, B, 1, X), new Step.Phase2a(1, B, 2, Value.NOOP)));
        for (int a = 1; a <= 2; a++) {
            steps.add(new Step.Phase2b(a, B, 1, X));
            steps.add(new Step.Phase2b(a, B, 2, Value.NOOP));
        }
        steps.addAll(List.of(new Step.Learn(1, 1, X), new Step.Learn(1, 2, Value.NOOP), new Step.Crash(1),
                new Step.InstallSnapshot(3, 1, 2)));      // 1 is down: its snapshot was taken before
        return steps;
    }

    /** {1, 2} chooses the change to {3} in slot 1; {3} alone chooses x in slot 2; 2 installs 1's snapshot. */
    private static List<Step> reconfigTrace() {
        return List.of(
                new Step.Phase1a(1, B), new Step.Phase1b(1, B), new Step.Phase1b(2, B), new Step.Phase1b(3, B),
                new Step.Phase2a(1, B, 1, CHANGE), new Step.Phase2b(1, B, 1, CHANGE), new Step.Phase2b(2, B, 1, CHANGE),
                new Step.Learn(1, 1, CHANGE),
                new Step.Phase2a(1, B, 2, X), new Step.Phase2b(3, B, 2, X), new Step.Learn(1, 2, X),
                new Step.InstallSnapshot(2, 1, 2));
    }

    private static Replay staticReplay() {
        return new Replay(new MultiPaxosSpec(Model.replay(3, 2)));
    }

    private static Replay reconfigReplay() {
        return new Replay(new MultiPaxosReconfigSpec(Model.replayReconfig(3, 1, Config.of(1, 2))));
    }

    @Test
    void aSnapshotInstallIsWrittenAsItsOwnRecordWithSnapshotTransferOn() throws Exception {
        List<Step> steps = staticTrace();
        staticReplay().applyAll(steps);                            // legal in the mirror
        Path dir = Path.of("target", "tla-trace", "hand-static");
        String module = Files.readString(TlaTrace.write(steps, 3, 2, dir, "MCTrace"));
        String cfg = Files.readString(dir.resolve("MCTrace.cfg"));
        assertTrue(module.contains("EXTENDS TraceMultiPaxos\n"), module);
        assertTrue(module.contains("    [action |-> \"InstallSnapshot\", r |-> 3, q |-> 1, k |-> 2]\n>>"), module);
        assertTrue(module.contains("[action |-> \"Phase2a\", r |-> 1, bal |-> <<1, 1>>, slot |-> 2, val |-> NoOp]"), module);
        assertTrue(module.contains("TraceValues == {\"x\"}"), module);
        assertEquals(steps.size(), records(module));
        for (String line : List.of("SnapshotTransfer = TRUE", "MaxSlot = 2", "MaxRound = 1", "Window = 2", "Trace <- TraceData")) {
            assertTrue(cfg.contains("    " + line + "\n"), line + " in\n" + cfg);
        }
    }

    @Test
    void configurationChangesAreWrittenForTheReconfigurationModule() throws Exception {
        List<Step> steps = reconfigTrace();
        reconfigReplay().applyAll(steps);
        Path dir = Path.of("target", "tla-trace", "hand-reconfig");
        String module = Files.readString(TlaTrace.writeReconfig(steps, 3, 1, Config.of(1, 2), dir, "MCTrace"));
        String cfg = Files.readString(dir.resolve("MCTrace.cfg"));
        assertTrue(module.contains("EXTENDS TraceMultiPaxosReconfig\n"), module);
        assertTrue(module.contains("[action |-> \"Phase2b\", r |-> 2, bal |-> <<1, 1>>, slot |-> 1, val |-> [config |-> {3}]]"), module);
        assertTrue(module.contains("[action |-> \"Learn\", r |-> 1, bal |-> <<1, 1>>, slot |-> 2, val |-> [decree |-> \"x\"]]"), module);
        assertTrue(module.contains("[action |-> \"InstallSnapshot\", r |-> 2, q |-> 1, k |-> 2]"), module);
        assertTrue(module.contains("TraceValues == {[decree |-> \"x\"]}"), module);
        for (String line : List.of("Alpha = 1", "InitConfig = {1, 2}", "Configs = {{3}}", "SnapshotTransfer = TRUE")) {
            assertTrue(cfg.contains("    " + line + "\n"), line + " in\n" + cfg);
        }
        assertTrue(cfg.contains("ProposalsUseGoverningConfig"), cfg);
    }

    @Test
    void aConfigurationChangeInAStaticTraceIsRefusedNamingTheStep() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TlaTrace.write(reconfigTrace(), 3, 1, Path.of("target", "tla-trace", "unused"), "MCTrace"));
        assertTrue(e.getMessage().contains("step #4 Phase2a(r=1, b=" + B + ", s=1, v=[config |-> {3}])"), e.getMessage());
        assertTrue(e.getMessage().contains("writeReconfig"), e.getMessage());
    }

    @Test
    void tlcAcceptsTheHandWrittenTracesAndStopsWhereTheMirrorDoesOnBrokenOnes() throws Exception {
        assumeTrue(TlcTraceValidationTest.tlcAvailable(), "TLC skipped: TLA2TOOLS_JAR not set");
        Path ok = Path.of("target", "tla-trace", "hand-static-ok");
        TlaTrace.write(staticTrace(), 3, 2, ok, "MCTrace");
        assertAccepted(TlcTraceValidationTest.tlc(ok, "MCTrace"));
        Path okReconfig = Path.of("target", "tla-trace", "hand-reconfig-ok");
        TlaTrace.writeReconfig(reconfigTrace(), 3, 1, Config.of(1, 2), okReconfig, "MCTrace");
        assertAccepted(TlcTraceValidationTest.tlc(okReconfig, "MCTrace"));

        // Broken: 3 installs a snapshot of 1..2 from 2, which learned nothing.
        List<Step> badSource = new ArrayList<>(staticTrace());
        badSource.set(badSource.size() - 1, new Step.InstallSnapshot(3, 2, 2));
        int refused = refusedAt(staticReplay(), badSource, "learned[q][i] # None");
        Path dir = Path.of("target", "tla-trace", "hand-static-bad");
        TlaTrace.write(badSource, 3, 2, dir, "MCTrace");
        assertStopsAt(TlcTraceValidationTest.tlc(dir, "MCTrace"), refused + 1);

        // Broken: 2 learns x in slot 2 from the votes of {1, 2} although {3} governs slot 2 (3 has not voted).
        List<Step> badQuorum = new ArrayList<>(reconfigTrace().subList(0, 9));
        badQuorum.addAll(List.of(new Step.Phase2b(1, B, 2, X), new Step.Phase2b(2, B, 2, X), new Step.Learn(2, 2, X),
                new Step.InstallSnapshot(2, 1, 2)));
        refused = refusedAt(reconfigReplay(), badQuorum, "ChosenIn");
        assertEquals(11, refused, "the mirror refuses the Learn; the install after it is never reached");
        Path dirReconfig = Path.of("target", "tla-trace", "hand-reconfig-bad");
        TlaTrace.writeReconfig(badQuorum, 3, 1, Config.of(1, 2), dirReconfig, "MCTrace");
        assertStopsAt(TlcTraceValidationTest.tlc(dirReconfig, "MCTrace"), refused + 1);
    }

    /** The 0-based index of the step the mirror refuses, checking the refusal names {@code conjunct}. */
    private static int refusedAt(Replay replay, List<Step> steps, String conjunct) {
        var e = assertThrows(Replay.ReplayException.class, () -> replay.applyAll(steps));
        assertTrue(e.reason().contains(conjunct), e.getMessage());
        return e.index();
    }

    private static void assertAccepted(String tlcOut) {
        assertTrue(tlcOut.contains("Model checking completed. No error has been found."), tlcOut);
    }

    /** TLC deadlocks in the state whose next step, number {@code position} counted from 1, is not enabled. */
    private static void assertStopsAt(String tlcOut, int position) {
        assertTrue(tlcOut.contains("Deadlock reached"), tlcOut);
        assertTrue(tlcOut.contains("/\\ i = " + position + "\n"), "TLC stops before step " + position + ":\n" + tlcOut);
        assertEquals(-1, tlcOut.indexOf("/\\ i = " + (position + 1) + "\n"), tlcOut);
    }

    private static long records(String module) {
        return module.lines().filter(l -> l.startsWith("    [action")).count();
    }
}

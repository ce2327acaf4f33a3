package io.decree.server.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.server.verify.VerifyReport.Finding;
import io.decree.server.verify.VerifyReport.Stage;
import io.decree.server.verify.VerifyReport.Status;
import io.decree.testkit.StateMachineContract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code verify --state-machine}: a user's counter in the Paxos simulator passes; its snapshot bug fails verify. */
class UserMachineStageTest {
    private static final int SEEDS = 6;

    @AfterEach
    void heal() { CounterContract.restoreAddsOne = false; }

    private static List<Stage> run(List<Finding> findings) {
        StateMachineContract<?> c = UserMachineStage.load(CounterContract.class.getName(), List.of());
        return UserMachineStage.run(c, "CounterContract", SEEDS, Shard.WHOLE,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), findings);
    }

    @Test
    void aCorrectStateMachinePassesWithSnapshotsInstalled() {
        List<Finding> findings = new ArrayList<>();
        List<Stage> stages = run(findings);
        assertTrue(findings.isEmpty(), findings.toString());
        assertEquals(Status.PASS, stages.get(0).status(), stages.get(0).detail());
        assertEquals(SEEDS, stages.get(0).counts().get("seeds"));
        assertTrue(stages.get(0).counts().get("client ops") > 0);
        assertTrue(stages.get(1).counts().get("snapshots installed") > 0, "the restore path ran: " + stages.get(1).detail());
    }

    @Test
    void aSnapshotThatRestoresAnotherStateFailsVerify() {
        CounterContract.restoreAddsOne = true;
        List<Finding> findings = new ArrayList<>();
        List<Stage> stages = run(findings);
        assertEquals(Status.FAIL, stages.get(0).status());
        assertFalse(findings.isEmpty());
        Finding first = findings.getFirst();
        assertEquals("StateMachineDigest", first.rule(), first.message());
        assertTrue(first.message().contains("does restore rebuild the state it was given?"), first.message());
        assertTrue(first.replay().contains("-Ddecree.seed=" + first.seed()), first.replay());
        assertFalse(first.events().isEmpty(), "the first failing run carries its events, for the diagram");
    }

    @Test
    void aClassThatIsNotAContractIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserMachineStage.load(String.class.getName(), List.of()));
        assertTrue(e.getMessage().contains("does not implement io.decree.testkit.StateMachineContract"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> UserMachineStage.load("no.such.Machine", List.of()));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }
}

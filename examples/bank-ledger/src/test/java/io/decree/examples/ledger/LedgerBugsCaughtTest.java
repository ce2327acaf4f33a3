package io.decree.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/** The kit's checks are not vacuous: each planted ledger bug makes some of them fail, with a useful message. */
class LedgerBugsCaughtTest {

    @AfterEach
    void heal() {
        LedgerStateMachine.restoreLosesLastAccount = false;
    }

    /** Runs every dynamic check of the example; returns the failure messages. */
    private static List<String> failures() {
        List<String> failed = new ArrayList<>();
        for (DynamicTest test : new LedgerChecksTest().decreeStateMachineChecks().toList()) {
            try {
                test.getExecutable().execute();
            } catch (AssertionError e) {
                failed.add(test.getDisplayName() + ": " + e.getMessage());
            } catch (Throwable t) {
                throw new AssertionError(test.getDisplayName() + " threw " + t, t);
            }
        }
        return failed;
    }

    @Test
    void theCorrectLedgerPassesEveryCheck() {
        assertTrue(failures().isEmpty(), () -> String.join("\n", failures()));
    }

    @Test
    void aRestoreThatLosesStateIsCaught() {
        LedgerStateMachine.restoreLosesLastAccount = true;
        List<String> failed = failures();
        assertTrue(failed.stream().anyMatch(f -> f.startsWith("replicas and snapshots agree")
                && f.contains("restored from a snapshot")), () -> String.join("\n", failed));
        assertTrue(failed.stream().noneMatch(f -> f.startsWith("linearizable")), () -> String.join("\n", failed));
    }

    @Test
    void aRestoreThatLosesStateIsCaughtInsideThePaxosSimulator() {
        // A lagging replica installs another's snapshot: the restored ledger's total (and digest) differ.
        LedgerStateMachine.restoreLosesLastAccount = true;
        List<String> failed = failures();
        assertTrue(failed.stream().anyMatch(f -> f.startsWith("Paxos simulator under faults")
                && (f.contains("StateMachineDigest") || f.contains("StateMachineInvariant"))), () -> String.join("\n", failed));
    }

    @Test
    void theLedgerInvariantIsCheckedOnEveryReplicaInsideTheSimulator() {
        // An invariant that a total above the initial one would break, tightened to fail once any transfer
        // has moved money: the simulator must report it, naming the replica.
        LedgerChecksTest strict = new LedgerChecksTest() {
            @Override
            public String invariant(io.decree.engine.statemachine.StateMachine machine) {
                ByteBuffer b = ByteBuffer.wrap(machine.query(LedgerCommand.balance(0)));
                return b.getLong() == INITIAL ? null : "account 0 changed";
            }
        };
        List<String> failed = new ArrayList<>();
        for (DynamicTest test : strict.decreeStateMachineChecks().toList()) {
            if (!test.getDisplayName().startsWith("Paxos simulator")) {
                continue;
            }
            try {
                test.getExecutable().execute();
            } catch (Throwable e) {
                failed.add(test.getDisplayName() + ": " + e.getMessage());
            }
        }
        assertTrue(failed.stream().anyMatch(f -> f.contains("StateMachineInvariant") && f.contains("account 0 changed")
                && f.contains("replica ")), () -> String.join("\n", failed));
    }

    @Test
    void aModelTheLedgerDoesNotImplementIsCaught() {
        // A model that opens each account with one unit more than the ledger does: balances contradict it.
        LedgerChecksTest overdrawing = new LedgerChecksTest() {
            @Override
            public io.decree.lin.Model<List<Long>, byte[], byte[]> model() {
                return new LedgerModel(ACCOUNTS, INITIAL + 1);
            }
        };
        List<String> failed = new ArrayList<>();
        for (DynamicTest test : overdrawing.decreeStateMachineChecks().toList()) {
            try {
                test.getExecutable().execute();
            } catch (Throwable e) {
                failed.add(test.getDisplayName() + ": " + e.getMessage());
            }
        }
        assertTrue(failed.stream().anyMatch(f -> f.startsWith("linearizable") && f.contains("not linearizable")
                && f.contains("replay: -Ddecree.seed=")), () -> String.join("\n", failed));
    }
}

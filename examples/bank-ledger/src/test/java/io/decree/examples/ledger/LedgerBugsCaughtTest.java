package io.decree.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

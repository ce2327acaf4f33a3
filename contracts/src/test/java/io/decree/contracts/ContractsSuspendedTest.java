package io.decree.contracts;

import io.decree.contracts.report.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.decree.contracts.Fixture.call;
import static io.decree.contracts.Fixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks suspended on one thread: bodies run, no clause is evaluated or recorded, and checks come back. */
class ContractsSuspendedTest {
    @TempDir
    static Path work;
    static Fixture fx;

    @BeforeAll
    static void build() throws Exception {
        fx = Fixture.build("ok", work);
    }

    @BeforeEach
    void clear() {
        ViolationRecorder.global().clear();
    }

    private static Object brokenCounter() throws Exception {
        Object counter = fx.create("fx.Counter", 5);
        set(counter, "addTwo", true); // increment() now breaks "ensures count == \old(count) + 1"
        return counter;
    }

    @Test
    void suspendedChecksLetABrokenMethodRunAndRecordNothing() throws Exception {
        Object counter = brokenCounter();
        try (var off = ContractsSuspended.onThisThread("test: the body runs unchecked")) {
            assertTrue(ContractsSuspended.active());
            assertEquals(2, call(counter, "increment"));
            call(counter, "corrupt"); // breaks the invariant on exit: not checked either
            assertEquals(0, call(fx.loader.loadClass("fx.Counter"), "sum", 7, 0) instanceof Integer i ? i - 8 : -1);
            fx.create("fx.Counter", -1); // breaks the constructor's precondition
        }
        assertFalse(ContractsSuspended.active());
        assertEquals(List.of(), ViolationRecorder.global().entries());
        assertEquals(List.of(), ViolationRecorder.global().expectedEntries());
    }

    @Test
    void checksResumeWhenTheScopeCloses() throws Exception {
        Object counter = brokenCounter();
        try (var off = ContractsSuspended.onThisThread("test: resume")) {
            call(counter, "increment");
        }
        ContractViolation v = assertThrows(ContractViolation.class, () -> call(counter, "increment"));
        assertEquals(ClauseKind.ENSURES, v.kind());
        assertEquals("count == \\old(count) + 1", v.clause());
        assertEquals(1, ViolationRecorder.global().total());
    }

    @Test
    void scopesNestAndOnlyTheOutermostResumes() throws Exception {
        Object counter = brokenCounter();
        try (var outer = ContractsSuspended.onThisThread("outer")) {
            try (var inner = ContractsSuspended.onThisThread("inner")) {
                call(counter, "increment");
            }
            assertTrue(ContractsSuspended.active());
            call(counter, "increment");
        }
        assertThrows(ContractViolation.class, () -> call(counter, "increment"));
    }

    @Test
    void suspensionIsPerThread() throws Exception {
        Object counter = brokenCounter();
        AtomicReference<Throwable> other = new AtomicReference<>();
        try (var off = ContractsSuspended.onThisThread("only this thread")) {
            Thread t = new Thread(() -> {
                try {
                    call(counter, "increment");
                } catch (Throwable e) {
                    other.set(e);
                }
            });
            t.start();
            t.join();
        }
        assertTrue(other.get() instanceof ContractViolation, String.valueOf(other.get()));
    }

    @Test
    void aScopeNeedsAReasonAndItsOwnThread() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ContractsSuspended.onThisThread(" "));
        var off = ContractsSuspended.onThisThread("closed elsewhere");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                off.close();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
        off.close();
        off.close(); // idempotent
        assertFalse(ContractsSuspended.active());
    }

    @Test
    void theJsonReportNamesEverySuspension() throws Exception {
        try (var off = ContractsSuspended.onThisThread("history checker alone: stale reads")) {
            assertTrue(ContractsSuspended.active());
        }
        Path dir = work.resolve("report");
        Path json = new ViolationRecorder(dir).writeReports();
        Map<?, ?> root = (Map<?, ?>) Json.parse(Files.readString(json));
        Map<?, ?> suspended = (Map<?, ?>) root.get("suspended");
        assertTrue(((Long) suspended.get("history checker alone: stale reads")) >= 1L, suspended.toString());
        assertEquals(List.of(), Gate.check(json.toString()), "suspensions alone do not fail the gate");
    }
}

package io.decree.contracts;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.decree.contracts.Fixture.call;
import static io.decree.contracts.Fixture.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each clause kind, instrumented from fixtures/ok, compiled and run: holds when it should, fails when not. */
class ContractCheckTest {
    @TempDir
    static Path work;
    static Fixture fx;

    @BeforeAll
    static void build() throws IOException {
        fx = Fixture.build("ok", work);
    }

    @BeforeEach
    void clearRecorder() {
        ViolationRecorder.global().clear();
        ContractContext.clear();
    }

    /** The line of the first line of a fixture containing {@code text}: clauses are found, not hard-coded. */
    static int lineOf(String file, String text) throws IOException {
        List<String> lines = Files.readAllLines(Fixture.FIXTURES.resolve("ok/fx/" + file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    static ContractViolation expect(ClauseKind kind, String clause, ThrowingRunnable action) {
        ContractViolation v = assertThrows(ContractViolation.class, action::run);
        assertEquals(kind, v.kind(), v.getMessage());
        assertEquals(clause, v.clause(), v.getMessage());
        assertTrue(ViolationRecorder.global().entries().stream().anyMatch(e -> e.first() == v), "recorded");
        return v;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void filesWithoutJmlAreCopiedUnchanged() throws IOException {
        assertEquals(Files.readString(Fixture.FIXTURES.resolve("ok/fx/Plain.java")),
                Files.readString(fx.generated.resolve("fx/Plain.java")));
        assertTrue(fx.result.instrumented() >= 7, "instrumented " + fx.result);
    }

    @Test
    void requiresHoldsAndFails() throws Exception {
        Object c = fx.create("fx.Counter", 2);
        assertEquals(1, call(c, "increment"));
        assertEquals(2, call(c, "increment"));
        ContractViolation v = expect(ClauseKind.REQUIRES, "count < limit", () -> call(c, "increment"));
        assertEquals("src/test/resources/fixtures/ok/fx/Counter.java", v.file());
        assertEquals(lineOf("Counter.java", "requires count < limit"), v.line());
        assertEquals("Counter.increment()", v.method());
        assertEquals("2", v.values().get("count"));
        assertEquals("2", v.values().get("limit"));
    }

    @Test
    void ensuresWithOldAndResult() throws Exception {
        Object c = fx.create("fx.Counter", 10);
        set(c, "addTwo", true);
        ContractViolation v = expect(ClauseKind.ENSURES, "count == \\old(count) + 1", () -> call(c, "increment"));
        assertEquals("2", v.values().get("count"));
        assertEquals("0", v.values().get("\\old(count)"));
        assertEquals(lineOf("Counter.java", "ensures count == \\old(count) + 1"), v.line());
    }

    @Test
    void staticAndGenericMethods() throws Exception {
        Class<?> counter = fx.loader.loadClass("fx.Counter");
        assertEquals(5, call(counter, "sum", 2, 3));
        ContractViolation v = expect(ClauseKind.ENSURES, "\\result == a + b", () -> call(counter, "sum", 7, 1));
        assertEquals("9", v.values().get("\\result"));
        assertEquals("7", v.values().get("a"));
        expect(ClauseKind.REQUIRES, "a >= 0 && b >= 0", () -> call(counter, "sum", -1, 1));
        Object c = fx.create("fx.Counter", 3);
        assertEquals(2, call(c, "sizeOf", List.of("a", "b")));
        expect(ClauseKind.REQUIRES, "items != null", () -> call(c, "sizeOf", (Object) null));
    }

    @Test
    void implicationInEnsures() throws Exception {
        Object c = fx.create("fx.Counter", 5);
        assertEquals(3, call(c, "add", 3));
        assertEquals(5, call(c, "add", 9)); // clamped: antecedent false, implication holds
        assertEquals(Boolean.FALSE, call(c, "isZero"));
    }

    @Test
    void invariantOnExitOfPublicMethod() throws Exception {
        Object c = fx.create("fx.Counter", 5);
        ContractViolation v = expect(ClauseKind.INVARIANT, "count >= 0 && count <= limit()", () -> call(c, "corrupt"));
        assertEquals("Counter.corrupt() on exit", v.method());
        assertEquals("-1", v.values().get("count"));
        assertEquals("5", v.values().get("limit()"));
    }

    @Test
    void invariantOnEntryOfPublicMethodButNotInPrivateHelpers() throws Exception {
        Object c = fx.create("fx.Counter", 5);
        assertEquals(-3, call(c, "breakAndPeek"), "a private helper runs while the invariant is broken");
        ContractViolation exit = expect(ClauseKind.INVARIANT, "count >= 0 && count <= limit()",
                () -> call(c, "corruptQuietly"));
        assertTrue(exit.method().endsWith("on exit"));
        ContractViolation entry = expect(ClauseKind.INVARIANT, "count >= 0 && count <= limit()", () -> call(c, "isZero"));
        assertEquals("Counter.isZero() on entry", entry.method());
    }

    @Test
    void constructorRequiresAndInvariantAtEnd() throws Exception {
        expect(ClauseKind.REQUIRES, "limit > 0", () -> fx.create("fx.Counter", 0));
        Object c = fx.create("fx.Counter", 2000); // constructor returns early: checks still run
        assertEquals(0, call(c, "count"));
        ContractViolation v = expect(ClauseKind.INVARIANT, "lo <= hi", () -> fx.create("fx.Interval", 5L, 1L));
        assertTrue(v.method().endsWith("at end of constructor"), v.method());
        assertEquals("5", v.values().get("lo"));
        assertEquals(4L, call(fx.create("fx.Interval", 1L, 5L), "length"));
    }

    @Test
    void forallOverIntegerRange() throws Exception {
        Object q = fx.create("fx.Quantified", 4);
        call(q, "set", 1, 5L, false);
        ContractViolation v = expect(ClauseKind.ENSURES,
                "(\\forall int j; 0 <= j < slots.length; j != i ==> slots[j] == \\old(slots.clone())[j])",
                () -> call(q, "set", 1, 6L, true));
        assertEquals("1", v.values().get("i"));
        ContractViolation inv = expect(ClauseKind.INVARIANT, "(\\forall int i; 0 <= i && i < slots.length; slots[i] >= 0)",
                () -> call(q, "set", 2, -1L, false));
        assertTrue(inv.method().endsWith("on exit"));
    }

    @Test
    void existsAndEquivalence() throws Exception {
        Object q = fx.create("fx.Quantified", 3);
        call(q, "set", 0, 9L, false);
        assertEquals(true, call(q, "contains", 9L, false));
        assertEquals(false, call(q, "contains", 4L, false));
        expect(ClauseKind.ENSURES, "\\result <==> (\\exists int i; 0 <= i && i < slots.length; slots[i] == value)",
                () -> call(q, "contains", 4L, true));
    }

    @Test
    void quantifiersOverCollectionsAndLongs() throws Exception {
        Object q = fx.create("fx.Quantified", 1);
        call(q, "addName", "alice", false);
        expect(ClauseKind.ENSURES, "(\\forall String s; names.contains(s); !s.isEmpty())",
                () -> call(q, "addName", "bob", true));
        expect(ClauseKind.REQUIRES, "name != null && !name.isEmpty()", () -> call(q, "addName", "", false));
        assertEquals(3L, call(q, "atLeastAll", 3L, false));
        expect(ClauseKind.ENSURES, "(\\forall long k; 1L <= k && k <= n; \\result >= k)",
                () -> call(q, "atLeastAll", 3L, true));
    }

    @Test
    void interfaceSpecificationIsInheritedAlongsideTheOwnOne() throws Exception {
        Object s = fx.create("fx.Square", 2);
        call(s, "scale", 3);
        assertEquals(36, call(s, "area"));
        set(s, "wrongScale", true);
        ContractViolation own = expect(ClauseKind.ENSURES, "side == \\old(side) * k", () -> call(s, "scale", 2));
        assertTrue(own.file().endsWith("Square.java"));
        ViolationRecorder.global().clear();
        Object t = fx.create("fx.Square", 2);
        set(t, "wrongScale", true);
        try {
            call(t, "scale", 1); // side 2 -> 3: own ensures fails first, inherited ensures would fail too
        } catch (ContractViolation expected) {
            assertEquals(ClauseKind.ENSURES, expected.kind());
        }
        ContractViolation inheritedPre = expect(ClauseKind.REQUIRES, "(k > 0) || (factor > 0)", () -> call(s, "scale", 0));
        assertTrue(inheritedPre.values().containsKey("k"), inheritedPre.values().toString());
    }

    @Test
    void inheritedEnsuresIsCheckedWithTheImplementationsParameterNames() throws Exception {
        Object s = fx.create("fx.Square", 2);
        set(s, "wrongScale", true);
        // side 2 scaled by 1 with the bug: side 3, area 9 != 4 * 1 * 1 and side 3 != 2 * 1; both clauses are checked.
        ContractViolation first = assertThrows(ContractViolation.class, () -> call(s, "scale", 1));
        assertEquals(ClauseKind.ENSURES, first.kind());
        Object u = fx.create("fx.Square", 0);
        set(u, "wrongScale", true);
        // side 0 * 5 + 1 = 1: own clause side == \old(side) * k fails; inherited area() == \old(area()) * k * k fails too
        ContractViolation v = assertThrows(ContractViolation.class, () -> call(u, "scale", 5));
        assertTrue(v.clause().equals("side == \\old(side) * k") || v.clause().equals("area() == \\old(area()) * factor * factor"));
    }

    @Test
    void superclassAndInterfaceInvariantsAreInherited() throws Exception {
        Object s = fx.create("fx.Square", 2);
        ContractViolation v = expect(ClauseKind.INVARIANT, "touched >= 0", () -> call(s, "shrinkBelowZero"));
        assertTrue(v.file().endsWith("Base.java"), v.file());
    }

    @Test
    void signalsAndSignalsOnly() throws Exception {
        Object e = fx.create("fx.Exceptional");
        assertInstanceOf(IllegalStateException.class, assertThrows(IllegalStateException.class, () -> call(e, "step", 1)));
        ContractViolation signals = expect(ClauseKind.SIGNALS,
                "(IllegalStateException e) state == \\old(state) && e.getMessage() != null", () -> call(e, "step", 2));
        assertInstanceOf(IllegalStateException.class, signals.getCause());
        assertEquals("1", signals.values().get("state"));
        assertEquals("0", signals.values().get("\\old(state)"));
        ContractViolation only = expect(ClauseKind.SIGNALS_ONLY, "IllegalStateException", () -> call(e, "step", 3));
        assertInstanceOf(IllegalArgumentException.class, only.getCause());
        call(e, "step", 0);
    }

    @Test
    void behaviorCasesWithAlso() throws Exception {
        Object e = fx.create("fx.Exceptional");
        assertEquals(4, call(e, "half", 8));
        assertThrows(IOException.class, () -> call(e, "half", -2));
        expect(ClauseKind.SIGNALS, "normal_behavior: must not throw", () -> call(e, "half", 99));
    }

    @Test
    void swallowedViolationsAreStillRecorded() throws Exception {
        Object e = fx.create("fx.Exceptional");
        assertEquals(-1, call(e, "swallow"));
        List<ViolationRecorder.Entry> entries = ViolationRecorder.global().entries();
        assertEquals(1, entries.size(), entries.toString());
        assertEquals("limit > 0", entries.getFirst().first().clause());
    }

    @Test
    void contextFromTheObjectAndFromTheHarness() throws Exception {
        Object r = fx.create("fx.Replica", 3);
        call(r, "advance", 5L);
        ContractContext.set("seed=42");
        ContractViolation v = expect(ClauseKind.REQUIRES, "next > slot", () -> call(r, "advance", 4L));
        assertEquals("seed=42; replica 3 slot 5", v.context());
        assertTrue(v.getMessage().contains("[seed=42; replica 3 slot 5]"), v.getMessage());
    }

    @Test
    void nonNullParametersAndResults() throws Exception {
        Object r = fx.create("fx.Replica", 1);
        assertEquals("hi", call(r, "echo", "hi"));
        expect(ClauseKind.NON_NULL, "non_null text", () -> call(r, "echo", (Object) null));
        assertEquals("x", call(r, "nothing", true));
        expect(ClauseKind.NON_NULL, "non_null \\result", () -> call(r, "nothing", false));
    }

    @Test
    void repeatedViolationsAreCounted() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThrows(ContractViolation.class, () -> fx.create("fx.Counter", -1));
        }
        assertEquals(1, ViolationRecorder.global().entries().size());
        assertEquals(3, ViolationRecorder.global().entries().getFirst().count());
        assertEquals(3, ViolationRecorder.global().total());
    }
}

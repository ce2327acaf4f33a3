package io.decree.lin.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.lin.CheckResult;
import io.decree.lin.LinearizabilityChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every model accepts a linearizable history and rejects a non-linearizable one, naming the offending operation. */
class JepsenModelsTest {

    /** Events as "process type f value" lines, e.g. {@code 0 invoke write 1}; value is EDN. */
    static String edn(String... events) {
        StringBuilder out = new StringBuilder();
        for (String e : events) {
            String[] parts = e.split(" ", 4);
            out.append("{:process ").append(parts[0]).append(", :type :").append(parts[1]).append(", :f :")
                    .append(parts[2]).append(", :value ").append(parts.length > 3 ? parts[3] : "nil").append("}\n");
        }
        return out.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static CheckResult<JepsenOp, Object> check(String model, String... events) {
        JepsenModel m = JepsenModels.byName(model);
        HistoryImport.Imported imported = HistoryImport.parse(model + ".edn", edn(events), HistoryImport.Format.EDN, m);
        return LinearizabilityChecker.check(imported.history(), m);
    }

    static void passes(String model, String... events) {
        CheckResult<JepsenOp, Object> result = check(model, events);
        assertTrue(result.isLinearizable(), model + ": " + result.summary());
    }

    /** Fails, and the minimal sub-history contains {@code culprit} (an input rendering such as "read"). */
    static CheckResult.Violation<JepsenOp, Object> fails(String model, String culprit, String... events) {
        CheckResult<JepsenOp, Object> result = check(model, events);
        CheckResult.Violation<JepsenOp, Object> v = assertInstanceOf(CheckResult.Violation.class, result,
                model + ": " + result.summary());
        assertTrue(v.minimal().operations().stream().anyMatch(op -> op.input().toString().equals(culprit)),
                model + ": " + culprit + " not in " + v.minimal().operations());
        return v;
    }

    @Test
    void register() {
        passes("register", "0 invoke write 1", "1 invoke read", "0 ok write 1", "1 ok read 1", "1 invoke read",
                "1 ok read nil"); // nil read: unknown value (Knossos)
        fails("register", "read", "0 invoke write 1", "0 ok write 1", "1 invoke read", "1 ok read 2");
    }

    @Test
    void casRegister() {
        passes("cas-register", "0 invoke write 1", "0 ok write 1", "1 invoke cas [1 2]", "2 invoke cas [1 3]",
                "1 ok cas [1 2]", "2 fail cas [1 3]", "0 invoke read", "0 ok read 2");
        fails("cas-register", "cas [2 3]", "0 invoke write 1", "0 ok write 1", "1 invoke cas [2 3]",
                "1 ok cas [2 3]");
    }

    @Test
    void kv() {
        passes("kv", "0 invoke write [:x 1]", "1 invoke read [:x nil]", "0 ok write [:x 1]", "1 ok read [:x 1]",
                "0 invoke cas [:y [nil 2]]", "0 ok cas [:y [nil 2]]");
        CheckResult.Violation<JepsenOp, Object> v = fails("kv", "read [:y nil]", "0 invoke write [:x 1]",
                "0 ok write [:x 1]", "1 invoke read [:y nil]", "1 ok read [:y 1]");
        assertEquals(new Keyword("y"), v.partitionKey());
    }

    @Test
    void appendKv() {
        passes("append-kv", "0 invoke txn [[:append :x 1]]", "1 invoke txn [[:append :x 2]]",
                "0 ok txn [[:append :x 1]]", "1 ok txn [[:append :x 2]]", "0 invoke txn [[:r :x nil] [:append :y 3]]",
                "0 ok txn [[:r :x [2 1]] [:append :y 3]]");
        fails("append-kv", "txn [[:r :x nil]]", "0 invoke txn [[:append :x 1]]", "0 ok txn [[:append :x 1]]",
                "0 invoke txn [[:append :x 2]]", "0 ok txn [[:append :x 2]]", "1 invoke txn [[:r :x nil]]",
                "1 ok txn [[:r :x [2 1]]]");
    }

    @Test
    void set() {
        passes("set", "0 invoke add 1", "1 invoke add 2", "0 ok add 1", "2 invoke read", "2 ok read #{1}",
                "1 ok add 2", "2 invoke read", "2 ok read [2 1]");
        fails("set", "read", "0 invoke add 1", "0 ok add 1", "1 invoke read", "1 ok read #{}");
    }

    @Test
    void queue() {
        passes("queue", "0 invoke enqueue 1", "1 invoke enqueue 2", "0 ok enqueue 1", "1 ok enqueue 2",
                "2 invoke dequeue", "2 ok dequeue 2", "2 invoke dequeue", "2 ok dequeue 1", "2 invoke dequeue",
                "2 ok dequeue nil");
        fails("queue", "dequeue", "0 invoke enqueue 1", "0 ok enqueue 1", "0 invoke enqueue 2", "0 ok enqueue 2",
                "1 invoke dequeue", "1 ok dequeue 2");
    }

    @Test
    void mutex() {
        passes("mutex", "0 invoke acquire", "0 ok acquire", "1 invoke acquire", "0 invoke release",
                "0 ok release", "1 ok acquire");
        fails("mutex", "acquire", "0 invoke acquire", "0 ok acquire", "1 invoke acquire", "1 ok acquire");
    }

    @Test
    void multiRegister() {
        passes("multi-register", "0 invoke txn [[:write :x 1] [:write :y 2]]",
                "0 ok txn [[:write :x 1] [:write :y 2]]", "1 invoke txn [[:read :x nil] [:read :y nil]]",
                "1 ok txn [[:read :x 1] [:read :y 2]]");
        fails("multi-register", "txn [[:read :x nil] [:read :y nil]]", "0 invoke txn [[:write :x 1] [:write :y 2]]",
                "0 ok txn [[:write :x 1] [:write :y 2]]", "1 invoke txn [[:read :x nil] [:read :y nil]]",
                "1 ok txn [[:read :x 1] [:read :y 3]]");
    }

    @Test
    void unknownOutcomesMayOrMayNotHaveHappened() {
        passes("queue", "0 invoke enqueue 1", "0 info enqueue 1", "1 invoke dequeue", "1 ok dequeue 1");
        passes("queue", "0 invoke enqueue 1", "0 info enqueue 1", "1 invoke dequeue", "1 ok dequeue nil");
        fails("queue", "dequeue", "0 invoke enqueue 1", "0 info enqueue 1", "1 invoke dequeue", "1 ok dequeue 2");
    }

    @Test
    void unknownModelIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JepsenModels.byName("bank"));
        assertEquals("unknown model 'bank'; choose one of register, cas-register, kv, append-kv, set, queue, mutex,"
                + " multi-register", e.getMessage());
        assertEquals(List.of("register", "cas-register", "kv", "append-kv", "set", "queue", "mutex",
                "multi-register"), JepsenModels.NAMES);
    }
}

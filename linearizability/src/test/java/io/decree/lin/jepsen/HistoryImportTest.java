package io.decree.lin.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.lin.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Knossos's rules for turning events into operations, and errors that point at the offending event. */
class HistoryImportTest {

    private static final JepsenModel<?> CAS = JepsenModels.byName("cas-register");

    private static HistoryImport.Imported edn(String text) {
        return HistoryImport.parse("h.edn", text, HistoryImport.Format.EDN, CAS);
    }

    private static String error(String text) {
        return assertThrows(MalformedHistoryException.class, () -> edn(text)).getMessage();
    }

    @Test
    void appliesKnossosRules() {
        HistoryImport.Imported imported = edn("""
                {:type :invoke, :f :write, :value 1, :process 0}
                {:type :invoke, :f :cas, :value [1 2], :process 1}
                {:type :ok, :f :write, :value 1, :process 0}
                {:type :fail, :f :cas, :value [1 2], :process 1}
                {:type :info, :f :start-partition, :process :nemesis}
                {:type :invoke, :f :write, :value 5, :process 0}
                {:type :info, :f :write, :value 5, :process 0}
                {:type :invoke, :f :read, :value nil, :process 0}
                {:type :ok, :f :read, :value 5, :process 0}
                {:type :invoke, :f :read, :value nil, :process 1}
                """);
        assertEquals(10, imported.events());
        assertEquals(2, imported.completed());
        assertEquals(1, imported.failed());
        assertEquals(2, imported.unknown()); // the :info write and the read left open at the end
        assertEquals(1, imported.skipped());
        List<Operation<JepsenOp, Object>> ops = imported.history().operations();
        assertEquals(4, ops.size()); // the failed cas is gone
        assertEquals(new JepsenOp("write", 1L), ops.get(0).input());
        assertEquals(1L, ops.get(0).output());
        assertEquals(0, ops.get(0).invokeTime());
        assertEquals(2, ops.get(0).returnTime());
        assertTrue(ops.get(1).isUnknown());
        assertEquals(new JepsenOp("write", 5L), ops.get(1).input());
        assertEquals(5L, ops.get(2).output());
        // process 0 was retired by its :info: its next operation is a new client
        assertNotEquals(ops.get(1).clientId(), ops.get(2).clientId());
        assertTrue(ops.get(3).isUnknown());
    }

    @Test
    void readsAVectorHistoryAndTheSameAsJson() {
        String json = """
                [{"type": "invoke", "f": "write", "value": 1, "process": 0},
                 {"type": "ok", "f": "write", "value": 1, "process": 0}]
                """;
        HistoryImport.Imported fromJson = HistoryImport.parse("h.json", json, HistoryImport.Format.JSON, CAS);
        HistoryImport.Imported fromEdn = edn("[{:type :invoke :f :write :value 1 :process 0}"
                + " {:type :ok :f :write :value 1 :process 0}]");
        assertEquals(fromEdn.history().operations(), fromJson.history().operations());
        assertEquals(HistoryImport.Format.JSON, HistoryImport.Format.of(java.nio.file.Path.of("x/h.jsonl")));
        assertEquals(HistoryImport.Format.EDN, HistoryImport.Format.of(java.nio.file.Path.of("history.edn")));
    }

    @Test
    void malformedEventsAreNamedByLine() {
        String twoInvokes = error("""
                {:type :invoke, :f :write, :value 1, :process 0}
                {:type :invoke, :f :read, :value nil, :process 0}
                """);
        assertTrue(twoInvokes.startsWith("h.edn:2:1 (offset 49): process 0 invokes :read while its :write (at line 1,"
                + " column 1) has not completed"), twoInvokes);
        assertTrue(error("{:type :ok, :f :write, :value 1, :process 0}")
                .contains("h.edn:1:1 (offset 0): process 0 completes :write (:ok) but has no open invocation"));
        assertTrue(error("{:type :invoke :f :write :value 1 :process 0}\n{:type :ok :f :read :value 1 :process 0}")
                .contains("h.edn:2:1 (offset 46): process 0 completes :read (:ok) but its open invocation is :write"));
        assertTrue(error("{:type :invoked :f :write :value 1 :process 0}").contains("unknown event :type :invoked"));
        assertTrue(error("{:f :write :value 1 :process 0}").contains("the event has no :type"));
        assertTrue(error("{:type :invoke :f :write :value 1}").contains("the event has no :process"));
        assertTrue(error("{:type :invoke :value 1 :process 0}").contains("the event has no :f"));
        assertTrue(error("[:invoke]").contains("an event must be a map"));
        assertTrue(error("{:type :invoke :f :enqueue :value 1 :process 0}")
                .contains("model cas-register has no operation :enqueue (it knows :cas, :read, :write)"));
        assertTrue(error("{:type :invoke :f :cas :value 1 :process 0}").contains(":cas needs the value [old new]"));
    }
}

package io.decree.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.lin.KvOp;
import io.decree.lin.OpResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The final-read lost-write check on hand-made logs (times come from the log's clock, in call order). */
class LostWritesTest {
    private static Map<String, String> finals(String key, String value) {
        Map<String, String> m = new HashMap<>();
        m.put(key, value);
        return m;
    }

    @Test
    void aFinalValueOverwrittenByALaterAcknowledgedWriteIsALoss() {
        OpLog log = new OpLog();
        int a = log.invoke(1, KvOp.put("k", "a"));
        log.ok(a, OpResult.value(null));
        int b = log.invoke(2, KvOp.put("k", "b"));
        log.ok(b, OpResult.value("a"));
        List<LostWrites.Finding> found = LostWrites.find(log, finals("k", "a"));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.getFirst().lost().getFirst().contains("put(k, b)"), found.toString());
        assertTrue(LostWrites.find(log, finals("k", "b")).isEmpty());
    }

    @Test
    void concurrentOrUnknownWritesExplainTheFinalValue() {
        OpLog log = new OpLog();
        int a = log.invoke(1, KvOp.put("k", "a"));
        int b = log.invoke(2, KvOp.put("k", "b")); // concurrent with a: either may win
        log.ok(a, OpResult.value(null));
        log.ok(b, OpResult.value(null));
        assertTrue(LostWrites.find(log, finals("k", "a")).isEmpty());
        int c = log.invoke(1, KvOp.put("k", "c"));
        log.unknown(c); // may land any time later
        int d = log.invoke(2, KvOp.put("k", "d"));
        log.ok(d, OpResult.value("b"));
        assertTrue(LostWrites.find(log, finals("k", "c")).isEmpty(), "an unknown write may land last");
    }

    @Test
    void absentAfterAnAcknowledgedWriteAndInventedValuesAreFindings() {
        OpLog log = new OpLog();
        int a = log.invoke(1, KvOp.put("k", "a"));
        log.ok(a, OpResult.value(null));
        assertEquals(1, LostWrites.find(log, finals("k", null)).size());
        assertEquals(1, LostWrites.find(log, finals("k", "zzz")).size());
        int failedCas = log.invoke(1, KvOp.cas("k", "x", "y"));
        log.ok(failedCas, OpResult.swapped(false));
        assertEquals(1, LostWrites.find(log, finals("k", "y")).size(), "a cas that did not swap wrote nothing");
    }
}

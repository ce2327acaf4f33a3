package io.decree.faults;

import io.decree.lin.KvOp;
import io.decree.lin.OpResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Acknowledged writes lost, found from the final reads alone (a check simpler than, and independent of, the
 * linearizability search). Values are unique, so a final value names the one write that produced it. An
 * acknowledged write {@code w} to the key is lost if the final value's writer completed before {@code w} was
 * invoked: {@code w} took effect after it, so something must have replaced its value, yet the final read still
 * shows the older one. A final "absent" with any acknowledged write to the key loses them all (the workload
 * never deletes). A final value no write produced is reported too (a replica invented or corrupted it).
 */
public final class LostWrites {
    private LostWrites() {}

    /** One finding: the key, the final value read, and the acknowledged writes it contradicts. */
    public record Finding(String key, String finalValue, List<String> lost) {
        @Override public String toString() { return key + " = " + (finalValue == null ? "absent" : finalValue) + " but acknowledged after its write: " + lost; }
    }

    /** The findings for the final values read ({@code key -> value}, null absent), over the log's writes. */
    public static List<Finding> find(OpLog log, Map<String, String> finalValues) {
        Map<String, OpLog.Entry> writerOf = new HashMap<>();
        Map<String, List<OpLog.Entry>> acknowledged = new HashMap<>();
        for (OpLog.Entry e : log.entries()) {
            String value = writtenValue(e.input);
            if (value == null) continue;
            if (e.status() == OpLog.Status.FAIL) continue; // had no effect
            if (e.input instanceof KvOp.Cas<String, String> && e.status() == OpLog.Status.OK
                    && !((OpResult.Swapped<String>) e.output()).swapped()) continue; // a failed cas wrote nothing
            writerOf.put(value, e);
            if (e.status() == OpLog.Status.OK) acknowledged.computeIfAbsent(e.input.key(), k -> new ArrayList<>()).add(e);
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, String> f : finalValues.entrySet()) {
            String key = f.getKey();
            String value = f.getValue();
            List<OpLog.Entry> acked = acknowledged.getOrDefault(key, List.of());
            List<String> lost = new ArrayList<>();
            if (value == null) {
                for (OpLog.Entry w : acked) lost.add(w.toString());
            } else {
                OpLog.Entry writer = writerOf.get(value);
                if (writer == null || !writer.input.key().equals(key)) {
                    findings.add(new Finding(key, value, List.of("no write of this value to " + key + " was ever invoked")));
                    continue;
                }
                if (writer.status() == OpLog.Status.OK)
                    for (OpLog.Entry w : acked) if (w != writer && w.invokeNanos > writer.returnNanos()) lost.add(w.toString());
            }
            if (!lost.isEmpty()) findings.add(new Finding(key, value, lost));
        }
        return findings;
    }

    /** The value a write operation writes, null for reads. */
    private static String writtenValue(KvOp<String, String> op) {
        return switch (op) {
            case KvOp.Put<String, String> put -> put.value();
            case KvOp.Cas<String, String> cas -> cas.update();
            default -> null;
        };
    }
}

package io.decree.engine.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The key-value store's copy-on-write capture: the bytes a capture serializes are the snapshot at the
 * capture, whatever is applied meanwhile; results during and after equal a plain map's; the delta drains;
 * and only one capture at a time.
 */
class KvCopyOnWriteTest {

    @Test void captureSerializesTheStateAtCaptureWhileWritesGoOn() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            KvStateMachine kv = new KvStateMachine();
            TreeMap<String, String> model = new TreeMap<>();
            int before = random.nextInt(0, 60), during = random.nextInt(0, 60), after = random.nextInt(0, 200);
            for (int i = 0; i < before; i++) step(kv, model, random);
            byte[] expected = kv.snapshot();
            long digestAtCapture = kv.digest();
            StateMachine.StateCapture capture = kv.capture();
            assertNotNull(capture, "no capture in flight: one must be possible");
            assertNull(kv.capture(), "a second capture while the first is not serialized");
            for (int i = 0; i < during; i++) step(kv, model, random);
            assertEquals(model, new TreeMap<>(kv.snapshotView()), "reads see the writes made after the capture");
            assertArrayEquals(expected, capture.serialize(), "round " + round + ": the capture is the state at capture");
            for (int i = 0; i < after; i++) step(kv, model, random);
            assertEquals(model, new TreeMap<>(kv.snapshotView()));
            KvStateMachine restored = new KvStateMachine();
            restored.restore(expected);
            assertEquals(digestAtCapture, restored.digest());
            if (after >= 100) assertEquals(0, kv.pendingDelta(), "the delta (at most 20 keys) drains at " + KvStateMachine.FOLD_PER_WRITE + " entries per write");
        }
    }

    @Test void readOnlyWorkloadStillLetsTheNextCaptureThrough() {
        KvStateMachine kv = new KvStateMachine();
        for (int i = 0; i < 50; i++) kv.apply(KvCommand.put("k" + i, "v").encode());
        StateMachine.StateCapture first = kv.capture();
        for (int i = 0; i < 50; i++) kv.apply(KvCommand.put("k" + i, "w").encode()); // 50 entries in the delta
        first.serialize();
        StateMachine.StateCapture next = null;
        for (int attempt = 0; attempt < 50 && next == null; attempt++) next = kv.capture(); // each attempt folds a few
        assertNotNull(next, "retried captures drain the delta without any write");
        KvStateMachine copy = new KvStateMachine();
        copy.restore(next.serialize());
        assertEquals("w", copy.get("k49"));
    }

    private static void step(KvStateMachine kv, TreeMap<String, String> model, SplittableRandom random) {
        String key = "k" + random.nextInt(20), value = "v" + random.nextInt(10);
        switch (random.nextInt(4)) {
            case 0 -> assertEquals(model.get(key), KvStateMachine.result(kv.apply(KvCommand.get(key).encode())));
            case 1 -> assertEquals(model.put(key, value), KvStateMachine.result(kv.apply(KvCommand.put(key, value).encode())));
            case 2 -> assertEquals(model.remove(key), KvStateMachine.result(kv.apply(KvCommand.delete(key).encode())));
            default -> {
                String expected = "v" + random.nextInt(10);
                boolean matches = expected.equals(model.get(key));
                if (matches) model.put(key, value);
                assertEquals(Boolean.toString(matches), KvStateMachine.result(kv.apply(KvCommand.cas(key, expected, value).encode())));
            }
        }
    }
}

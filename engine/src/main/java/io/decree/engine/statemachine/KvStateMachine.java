package io.decree.engine.statemachine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The example state machine: a string key-value map. Results: GET returns the value or an empty result
 * for a missing key; PUT and DELETE return the previous value (empty if none); CAS returns "true" or "false".
 *
 * <p>Copy-on-write for checkpoints ({@link #capture()}): the state is a sorted {@code base} map plus a
 * {@code delta} of newer writes (a value, or {@link #DELETED}). A capture freezes {@code base} (O(1): the
 * protocol thread only keeps a reference) and writes go to {@code delta} until the capture has been
 * serialized on another thread; after that, every write first moves a few {@code delta} entries into
 * {@code base} ({@link #FOLD_PER_WRITE}), so the delta drains at several entries per command and no single
 * command pays for all of it. Until it is empty, no new capture is taken (the replica retries later). Reads
 * look in {@code delta} first. Without a capture in flight, {@code delta} is empty and this is a plain
 * {@code TreeMap}.
 */
public final class KvStateMachine implements StateMachine {
    /** Results are a presence byte then UTF-8: {0} is "absent", {1, bytes..} a value (which may be empty). */
    static final byte[] ABSENT = {0};
    /** A deletion in {@link #delta}, compared by identity (no real value is this object). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String DELETED = new String("<deleted>");
    /** Delta entries moved into base per write once the capture is serialized: the delta drains at about this rate. */
    static final int FOLD_PER_WRITE = 8;

    private TreeMap<String, String> base = new TreeMap<>();
    private final HashMap<String, String> delta = new HashMap<>();
    /** The capture reading {@link #base}, until it has been serialized; null when none. */
    private Capture frozen;

    /** A frozen base: immutable while {@link #done} is false, serialized once on any thread. */
    private static final class Capture implements StateCapture {
        private final TreeMap<String, String> state;
        private volatile boolean done;

        Capture(TreeMap<String, String> state) { this.state = state; }

        @Override public byte[] serialize() {
            try {
                return encode(state);
            } finally {
                done = true; // publishes "no more reads of state": the protocol thread may mutate it again
            }
        }
    }

    @Override public void validate(byte[] command) { KvCommand.decode(command); }

    @Override public byte[] apply(byte[] bytes) {
        KvCommand command = KvCommand.decode(bytes);
        String result = switch (command.op()) {
            case GET -> read(command.key());
            case PUT -> write(command.key(), command.value());
            case DELETE -> write(command.key(), null);
            case CAS -> {
                boolean matches = command.expected().equals(read(command.key()));
                if (matches) write(command.key(), command.value());
                yield Boolean.toString(matches);
            }
        };
        return encodeResult(result);
    }

    @Override public byte[] query(byte[] bytes) {
        KvCommand command = KvCommand.decode(bytes);
        if (command.op() != KvCommand.Op.GET) throw new MalformedCommandException(command.op() + " is not a read-only query; only GET is");
        return encodeResult(read(command.key()));
    }

    private String read(String key) {
        if (!delta.isEmpty()) {
            String v = delta.get(key);
            if (v != null) return v == DELETED ? null : v;
        }
        return base.get(key);
    }

    /** Sets {@code key} to {@code value} (null: deletes it) and returns the previous value. */
    private String write(String key, String value) {
        thaw();
        String previous = read(key);
        if (frozen != null) {
            delta.put(key, value == null ? DELETED : value);
            return previous;
        }
        if (!delta.isEmpty()) {
            delta.remove(key); // this write supersedes it
            fold();
        }
        if (value == null) base.remove(key);
        else base.put(key, value);
        return previous;
    }

    private void thaw() {
        if (frozen != null && frozen.done) frozen = null;
    }

    /** Moves a few delta entries into base (only when no capture reads base). */
    private void fold() {
        Iterator<Map.Entry<String, String>> it = delta.entrySet().iterator();
        for (int i = 0; i < FOLD_PER_WRITE && it.hasNext(); i++) {
            Map.Entry<String, String> e = it.next();
            if (e.getValue() == DELETED) base.remove(e.getKey());
            else base.put(e.getKey(), e.getValue());
            it.remove();
        }
    }

    /**
     * O(1) on the calling thread: freezes the current map. Null while an earlier capture is still being
     * serialized or its writes are still being folded back (at most one capture at a time).
     */
    @Override public StateCapture capture() {
        thaw();
        if (frozen == null && !delta.isEmpty()) fold(); // a read-only workload must drain it too
        if (frozen != null || !delta.isEmpty()) return null;
        frozen = new Capture(base);
        return frozen;
    }

    /** {@code count:i32 (keyLength:i32 key valueLength:i32 value){count}}, keys in order, UTF-8. */
    @Override public byte[] snapshot() { return encode(view()); }

    private static byte[] encode(TreeMap<String, String> map) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            out.writeInt(map.size());
            for (Map.Entry<String, String> e : map.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** The whole current state as one sorted map: base itself when there is no delta, else a merged copy. */
    private TreeMap<String, String> view() {
        if (delta.isEmpty()) return base;
        TreeMap<String, String> merged = new TreeMap<>(base);
        for (Map.Entry<String, String> e : delta.entrySet()) {
            if (e.getValue() == DELETED) merged.remove(e.getKey());
            else merged.put(e.getKey(), e.getValue());
        }
        return merged;
    }

    private static void writeString(java.io.DataOutputStream out, String s) throws java.io.IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Override public void restore(byte[] snapshot) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(snapshot);
        TreeMap<String, String> restored = new TreeMap<>();
        try {
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / 8) throw new MalformedCommandException("key-value snapshot claims " + count + " entries in " + snapshot.length + " bytes");
            for (int i = 0; i < count; i++) {
                String key = readString(in, "key of entry " + i);
                if (!restored.isEmpty() && restored.lastKey().compareTo(key) >= 0)
                    throw new MalformedCommandException("key-value snapshot entry " + i + " is out of order or repeated: " + key);
                restored.put(key, readString(in, "value of entry " + i));
            }
            if (in.hasRemaining()) throw new MalformedCommandException("key-value snapshot has " + in.remaining() + " trailing bytes");
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedCommandException("key-value snapshot truncated at byte " + in.position());
        }
        // Only now: a malformed snapshot leaves the state as it was. A new map, so a capture still being
        // serialized keeps reading the old one undisturbed.
        base = restored;
        delta.clear();
        frozen = null;
    }

    private static String readString(java.nio.ByteBuffer in, String what) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining())
            throw new MalformedCommandException("key-value snapshot: " + what + " claims " + length + " bytes, " + in.remaining() + " remain");
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public String get(String key) { return read(key); }

    public Map<String, String> snapshotView() { return java.util.Collections.unmodifiableMap(view()); }

    /** Writes not yet folded into the base map (0 unless a capture was taken recently): for tests. */
    int pendingDelta() { return delta.size(); }

    @Override public long digest() {
        long h = 1;
        for (Map.Entry<String, String> e : view().entrySet()) h = h * 1_000_003 + e.getKey().hashCode() * 31L + e.getValue().hashCode();
        return h;
    }

    public static byte[] encodeResult(String value) {
        if (value == null) return ABSENT;
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = 1;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    /** Decodes a result of this state machine: null for "absent". */
    public static String result(byte[] result) {
        if (result == null || result.length == 0 || (result[0] != 0 && result[0] != 1))
            throw new MalformedCommandException("not a key-value result");
        return result[0] == 0 ? null : new String(result, 1, result.length - 1, StandardCharsets.UTF_8);
    }
}

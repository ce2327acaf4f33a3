package io.decree.engine.statemachine;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The example state machine: a string key-value map. Results: GET returns the value or an empty result
 * for a missing key; PUT and DELETE return the previous value (empty if none); CAS returns "true" or "false".
 */
public final class KvStateMachine implements StateMachine {
    /** Results are a presence byte then UTF-8: {0} is "absent", {1, bytes..} a value (which may be empty). */
    static final byte[] ABSENT = {0};
    private final TreeMap<String, String> map = new TreeMap<>();

    @Override public void validate(byte[] command) { KvCommand.decode(command); }

    @Override public byte[] apply(byte[] bytes) {
        KvCommand command = KvCommand.decode(bytes);
        String result = switch (command.op()) {
            case GET -> map.get(command.key());
            case PUT -> map.put(command.key(), command.value());
            case DELETE -> map.remove(command.key());
            case CAS -> {
                boolean matches = command.expected().equals(map.get(command.key()));
                if (matches) map.put(command.key(), command.value());
                yield Boolean.toString(matches);
            }
        };
        return encodeResult(result);
    }

    @Override public byte[] query(byte[] bytes) {
        KvCommand command = KvCommand.decode(bytes);
        if (command.op() != KvCommand.Op.GET) throw new MalformedCommandException(command.op() + " is not a read-only query; only GET is");
        return encodeResult(map.get(command.key()));
    }

    /** {@code count:i32 (keyLength:i32 key valueLength:i32 value){count}}, keys in order, UTF-8. */
    @Override public byte[] snapshot() {
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
        map.clear(); // only now: a malformed snapshot leaves the state as it was
        map.putAll(restored);
    }

    private static String readString(java.nio.ByteBuffer in, String what) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining())
            throw new MalformedCommandException("key-value snapshot: " + what + " claims " + length + " bytes, " + in.remaining() + " remain");
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public String get(String key) { return map.get(key); }

    public Map<String, String> snapshotView() { return java.util.Collections.unmodifiableMap(map); }

    @Override public long digest() {
        long h = 1;
        for (Map.Entry<String, String> e : map.entrySet()) h = h * 1_000_003 + e.getKey().hashCode() * 31L + e.getValue().hashCode();
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

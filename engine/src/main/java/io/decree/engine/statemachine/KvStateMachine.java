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

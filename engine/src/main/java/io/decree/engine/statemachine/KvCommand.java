package io.decree.engine.statemachine;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Commands of the example key-value store, encoded as {@code op:u8 key:(len:i32 bytes) [value] [value]}.
 * Keys and values are UTF-8 strings. {@code GET k}, {@code PUT k v}, {@code DELETE k}, {@code CAS k expected new}.
 */
public record KvCommand(Op op, String key, String value, String expected) {

    public enum Op { GET, PUT, DELETE, CAS }

    public static KvCommand get(String key) { return new KvCommand(Op.GET, key, null, null); }

    public static KvCommand put(String key, String value) { return new KvCommand(Op.PUT, key, value, null); }

    public static KvCommand delete(String key) { return new KvCommand(Op.DELETE, key, null, null); }

    public static KvCommand cas(String key, String expected, String value) { return new KvCommand(Op.CAS, key, value, expected); }

    public byte[] encode() {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        byte[] e = expected == null ? null : expected.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + k.length + (v == null ? 0 : 4 + v.length) + (e == null ? 0 : 4 + e.length));
        out.put((byte) op.ordinal()).putInt(k.length).put(k);
        if (op == Op.CAS) out.putInt(e.length).put(e);
        if (v != null) out.putInt(v.length).put(v);
        return out.array();
    }

    /** {@code Op.values()} once: each call clones the array, and decode runs twice per command (validate, apply). */
    private static final Op[] OPS = Op.values();

    public static KvCommand decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int code = in.get();
            if (code < 0 || code >= OPS.length) throw new MalformedCommandException("unknown key-value operation code " + code);
            Op op = OPS[code];
            String key = string(in, "key");
            KvCommand command = switch (op) {
                case GET -> get(key);
                case DELETE -> delete(key);
                case PUT -> put(key, string(in, "value"));
                case CAS -> {
                    String expected = string(in, "expected value");
                    yield cas(key, expected, string(in, "new value"));
                }
            };
            if (in.hasRemaining()) throw new MalformedCommandException(op + " command has " + in.remaining() + " trailing bytes");
            return command;
        } catch (BufferUnderflowException e) {
            throw new MalformedCommandException("key-value command truncated (" + bytes.length + " bytes)");
        }
    }

    private static String string(ByteBuffer in, String what) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining())
            throw new MalformedCommandException(what + " length " + length + " exceeds the " + in.remaining() + " bytes left");
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override public String toString() {
        return switch (op) {
            case GET, DELETE -> op + " " + key;
            case PUT -> "PUT " + key + "=" + value;
            case CAS -> "CAS " + key + " " + expected + "->" + value;
        };
    }
}

package io.decree.perf.load.peers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The peers' key-value commands and their state machine, shared by the Ratis and Aeron Cluster adapters so that
 * both replicate the same bytes. A command is {@code op (1 byte) | key length (2) | key (UTF-8) | value (rest)},
 * about the size of Decree's {@code KvCommand} for the same put (a 64-byte value: 75 bytes here, 83 in Decree).
 * A reply is {@code 0} (absent) or {@code 1 | value}; a put replies {@code 0}.
 */
public final class KvCodec {
    public static final byte PUT = 'P', GET = 'G';
    private static final byte[] ABSENT = {0};

    private KvCodec() {}

    public static byte[] put(String key, String value) { return command(PUT, key, value.getBytes(StandardCharsets.UTF_8)); }

    public static byte[] get(String key) { return command(GET, key, new byte[0]); }

    private static byte[] command(byte op, String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length > 0xFFFF) throw new IllegalArgumentException("key longer than 65535 bytes: " + k.length);
        return ByteBuffer.allocate(3 + k.length + value.length).put(op).putShort((short) k.length).put(k).put(value).array();
    }

    /** Decodes a reply: the value, or null for absent. */
    public static String value(byte[] reply) {
        if (reply.length == 0 || (reply[0] != 0 && reply[0] != 1)) throw new IllegalStateException("not a key-value reply");
        return reply[0] == 0 ? null : new String(reply, 1, reply.length - 1, StandardCharsets.UTF_8);
    }

    /** The replicated map. Not thread-safe: each peer applies its log on one thread. */
    public static final class Store {
        private final Map<String, byte[]> map = new HashMap<>();

        /** Applies one command and returns its reply; throws on a malformed command (a bug in the harness). */
        public byte[] apply(byte[] command) {
            ByteBuffer in = ByteBuffer.wrap(command);
            byte op = in.get();
            byte[] key = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(key);
            String k = new String(key, StandardCharsets.UTF_8);
            switch (op) {
                case PUT -> {
                    byte[] value = new byte[in.remaining()];
                    in.get(value);
                    map.put(k, value);
                    return ABSENT;
                }
                case GET -> {
                    byte[] value = map.get(k);
                    if (value == null) return ABSENT;
                    byte[] reply = new byte[value.length + 1];
                    reply[0] = 1;
                    System.arraycopy(value, 0, reply, 1, value.length);
                    return reply;
                }
                default -> throw new IllegalArgumentException("unknown key-value op " + op);
            }
        }

        public int size() { return map.size(); }
    }
}

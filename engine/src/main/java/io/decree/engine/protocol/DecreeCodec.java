package io.decree.engine.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary format of a decree, used on the wire and in storage, big-endian:
 * {@code kind:u8 count:i32 (clientId:i64 sequence:i64 length:i32 payload:bytes){count}} for a batch (kind 1)
 * and the no-op (kind 0, count 0); {@code kind:u8 count:i32 (replicaId:i32){count}} for a configuration
 * change (kind 2), whose ids must form a valid {@link Configuration}.
 * Decoding validates every length against the bytes present, so a malformed or truncated decree is an
 * error naming what was wrong, never a partly decoded value.
 */
public final class DecreeCodec {
    static final byte KIND_NOOP = 0;
    static final byte KIND_BATCH = 1;
    static final byte KIND_CONFIG = 2;
    private static final int HEADER = 1 + 4;

    private DecreeCodec() {}

    public static int encodedSize(Decree decree) {
        int size = HEADER;
        if (decree.isReconfiguration()) return size + 4 * decree.configuration().size();
        for (int i = 0; i < decree.size(); i++) size += decree.command(i).encodedSize();
        return size;
    }

    public static void encode(Decree decree, ByteBuffer out) {
        if (decree.isReconfiguration()) {
            Configuration c = decree.configuration();
            out.put(KIND_CONFIG).putInt(c.size());
            for (int i = 0; i < c.size(); i++) out.putInt(c.member(i));
            return;
        }
        out.put(decree.isNoop() ? KIND_NOOP : KIND_BATCH);
        out.putInt(decree.size());
        for (int i = 0; i < decree.size(); i++) {
            Command c = decree.command(i);
            out.putLong(c.clientId()).putLong(c.sequence()).putInt(c.payload().length).put(c.payload());
        }
    }

    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /**
     * The encoding as a new array of exactly {@link #encodedSize} bytes, the same bytes {@link #encode} writes,
     * written through byte-array views rather than a {@code ByteBuffer}: a decree's encoding is computed once
     * per decree on the hot path (storage records it), and the buffer object was a second allocation each time.
     */
    static byte[] encodeToArray(Decree decree) {
        byte[] out = new byte[encodedSize(decree)];
        if (decree.isReconfiguration()) {
            Configuration c = decree.configuration();
            out[0] = KIND_CONFIG;
            INT.set(out, 1, c.size());
            for (int i = 0; i < c.size(); i++) INT.set(out, HEADER + 4 * i, c.member(i));
            return out;
        }
        out[0] = decree.isNoop() ? KIND_NOOP : KIND_BATCH;
        INT.set(out, 1, decree.size());
        int at = HEADER;
        for (int i = 0; i < decree.size(); i++) {
            Command c = decree.command(i);
            LONG.set(out, at, c.clientId());
            LONG.set(out, at + 8, c.sequence());
            INT.set(out, at + 16, c.payload().length);
            System.arraycopy(c.payload(), 0, out, at + 20, c.payload().length);
            at += c.encodedSize();
        }
        return out;
    }

    public static Decree decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Decree decree = decode(in);
        if (in.hasRemaining()) throw new MalformedDecreeException(in.remaining() + " trailing bytes after decree");
        return decree;
    }

    public static Decree decode(ByteBuffer in) {
        try {
            byte kind = in.get();
            int count = in.getInt();
            if (kind == KIND_NOOP) {
                if (count != 0) throw new MalformedDecreeException("no-op decree with " + count + " commands");
                return Decree.NOOP;
            }
            if (kind == KIND_CONFIG) return decodeConfiguration(in, count);
            if (kind != KIND_BATCH) throw new MalformedDecreeException("unknown decree kind " + kind);
            // Each command takes at least 20 bytes: a count the buffer cannot hold is malformed, not a reason to allocate.
            if (count <= 0 || count > in.remaining() / 20) throw new MalformedDecreeException("batch decree with impossible command count " + count);
            Command[] commands = new Command[count];
            for (int i = 0; i < count; i++) {
                long clientId = in.getLong();
                long sequence = in.getLong();
                int length = in.getInt();
                if (length < 0 || length > in.remaining())
                    throw new MalformedDecreeException("command " + i + " claims " + length + " payload bytes, " + in.remaining() + " remain");
                byte[] payload = new byte[length];
                in.get(payload);
                commands[i] = new Command(clientId, sequence, payload);
            }
            return Decree.ofArray(commands);
        } catch (BufferUnderflowException e) {
            throw new MalformedDecreeException("decree truncated");
        }
    }

    private static Decree decodeConfiguration(ByteBuffer in, int count) {
        if (count < 0 || count > in.remaining() / 4)
            throw new MalformedDecreeException("configuration decree with impossible member count " + count);
        int[] members = new int[count];
        for (int i = 0; i < count; i++) members[i] = in.getInt();
        try {
            return Decree.reconfiguration(new Configuration(members));
        } catch (IllegalArgumentException e) {
            throw new MalformedDecreeException("configuration decree: " + e.getMessage());
        }
    }

    /** A decree's bytes do not follow the format. */
    public static final class MalformedDecreeException extends RuntimeException {
        public MalformedDecreeException(String message) { super("malformed decree: " + message); }
    }
}

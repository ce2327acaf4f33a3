package io.decree.engine.protocol;

import io.decree.engine.statemachine.MalformedCommandException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The executed state of a replica after applying every slot below {@link #nextSlot()}: the state machine's
 * bytes, the session table that makes client retries exactly-once (so it survives snapshots), the digest
 * of the applied prefix, and the configuration changes chosen so far (the log that held them is truncated
 * below the snapshot, yet they decide the quorums of later slots). Its encoding is checksummed, so a
 * damaged snapshot is refused with a reason, never installed.
 *
 * <p>Format, big-endian: {@code magic:"DSNP" version:i32 nextSlot:i64 appliedDigest:i64
 * sessions:i32 (clientId:i64 sequence:i64 resultLength:i32 result){sessions} stateLength:i32 state
 * changes:i32 (slot:i64 members:i32 (replicaId:i32){members}){changes} crc32c:i32}, the checksum covering
 * every byte before it; sessions in client-id order, changes in slot order.
 */
public record Snapshot(long nextSlot, long appliedDigest, long[] clientIds, long[] sequences, byte[][] results, byte[] state,
                       long[] changeSlots, Configuration[] changes) {
    private static final int MAGIC = 0x44534E50; // "DSNP"
    private static final int VERSION = 2;

    public byte[] encode() {
        int size = 4 + 4 + 8 + 8 + 4 + 4 + state.length + 4 + 4;
        for (byte[] r : results) size += 8 + 8 + 4 + r.length;
        for (Configuration c : changes) size += 8 + 4 + 4 * c.size();
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(MAGIC).putInt(VERSION).putLong(nextSlot).putLong(appliedDigest).putInt(clientIds.length);
        for (int i = 0; i < clientIds.length; i++) out.putLong(clientIds[i]).putLong(sequences[i]).putInt(results[i].length).put(results[i]);
        out.putInt(state.length).put(state);
        out.putInt(changes.length);
        for (int i = 0; i < changes.length; i++) {
            out.putLong(changeSlots[i]).putInt(changes[i].size());
            for (int m = 0; m < changes[i].size(); m++) out.putInt(changes[i].member(m));
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** Decodes and verifies a snapshot; throws {@link CorruptSnapshotException} naming what is wrong. */
    public static Snapshot decode(byte[] bytes) {
        // The smallest encoding: header (magic, version, next slot, digest, session count), an empty state's
        // length, a change count of 0 and the checksum.
        if (bytes.length < 4 + 4 + 8 + 8 + 4 + 4 + 4 + 4) throw new CorruptSnapshotException("snapshot of " + bytes.length + " bytes is too short to be one");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) throw new CorruptSnapshotException("not a Decree snapshot (bad magic at byte 0)");
        int version = in.getInt();
        if (version != VERSION) throw new CorruptSnapshotException("snapshot format version " + version + ", this engine reads " + VERSION);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue())
            throw new CorruptSnapshotException("snapshot checksum mismatch (stored " + Integer.toHexString(stored) + ", computed " + Integer.toHexString((int) crc.getValue()) + "): damaged or truncated");
        try {
            long nextSlot = in.getLong();
            long digest = in.getLong();
            int sessions = in.getInt();
            if (nextSlot < 0 || sessions < 0 || sessions > in.remaining() / 20)
                throw new CorruptSnapshotException("snapshot header is inconsistent: next slot " + nextSlot + ", " + sessions + " sessions");
            long[] ids = new long[sessions], seqs = new long[sessions];
            byte[][] results = new byte[sessions][];
            for (int i = 0; i < sessions; i++) {
                ids[i] = in.getLong();
                seqs[i] = in.getLong();
                results[i] = bytes(in, "result of session " + i);
                if (i > 0 && ids[i] <= ids[i - 1]) throw new CorruptSnapshotException("snapshot sessions out of order at session " + i);
            }
            byte[] state = bytes(in, "state");
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / 12) throw new CorruptSnapshotException("snapshot claims " + count + " configuration changes");
            long[] changeSlots = new long[count];
            Configuration[] changes = new Configuration[count];
            for (int i = 0; i < count; i++) {
                changeSlots[i] = in.getLong();
                int members = in.getInt();
                if (changeSlots[i] < 0 || changeSlots[i] >= nextSlot || (i > 0 && changeSlots[i] <= changeSlots[i - 1]))
                    throw new CorruptSnapshotException("snapshot configuration change " + i + " at slot " + changeSlots[i] + " is out of order or not below " + nextSlot);
                // The checksum is reserved, as for the byte arrays: members read into it would leave the
                // decoder a negative count of "unexpected bytes" to report instead of this.
                if (members < 0 || members > (in.remaining() - 4) / 4) throw new CorruptSnapshotException("snapshot configuration change " + i + " claims " + members + " members");
                int[] memberIds = new int[members];
                for (int m = 0; m < members; m++) memberIds[m] = in.getInt();
                try {
                    changes[i] = new Configuration(memberIds);
                } catch (IllegalArgumentException e) {
                    throw new CorruptSnapshotException("snapshot configuration change " + i + ": " + e.getMessage());
                }
            }
            if (in.remaining() != 4) throw new CorruptSnapshotException("snapshot has " + (in.remaining() - 4) + " unexpected bytes before its checksum");
            return new Snapshot(nextSlot, digest, ids, seqs, results, state, changeSlots, changes);
        } catch (BufferUnderflowException e) {
            throw new CorruptSnapshotException("snapshot truncated at byte " + in.position());
        }
    }

    /** The configuration changes as a slot-ordered map, for {@link ConfigHistory}. */
    public java.util.TreeMap<Long, Configuration> changeMap() {
        java.util.TreeMap<Long, Configuration> m = new java.util.TreeMap<>();
        for (int i = 0; i < changes.length; i++) m.put(changeSlots[i], changes[i]);
        return m;
    }

    private static byte[] bytes(ByteBuffer in, String what) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining() - 4) throw new CorruptSnapshotException("snapshot " + what + " claims " + length + " bytes, " + (in.remaining() - 4) + " remain");
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    /** A snapshot that is damaged, truncated, foreign or inconsistent: refused, never installed. */
    public static final class CorruptSnapshotException extends RuntimeException {
        public CorruptSnapshotException(String message) { super(message); }

        CorruptSnapshotException(String message, MalformedCommandException cause) { super(message, cause); }
    }
}

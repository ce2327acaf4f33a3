package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.protocol.Snapshot.CorruptSnapshotException;
import io.decree.engine.protocol.SnapshotAssembler.IllegalChunkException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The snapshot format past its checksum: encodings that checksum well but say something impossible (counts,
 * lengths, order, slots) are refused naming the field, and the tightest valid encodings are accepted. The
 * damaged-bytes cases (bad checksum, wrong magic) are in SnapshotRestoreTest.
 */
class SnapshotCodecTest {

    /** Writes a snapshot field by field, then appends the CRC32C the decoder checks first. */
    private static final class Raw {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);

        Raw header(long nextSlot, long digest, int sessions) throws IOException {
            out.writeInt(0x44534E50);
            out.writeInt(2);
            out.writeLong(nextSlot);
            out.writeLong(digest);
            out.writeInt(sessions);
            return this;
        }

        Raw session(long client, long sequence, byte[] result) throws IOException {
            out.writeLong(client);
            out.writeLong(sequence);
            return blob(result);
        }

        Raw blob(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
            return this;
        }

        Raw i32(int v) throws IOException {
            out.writeInt(v);
            return this;
        }

        Raw change(long slot, int... members) throws IOException {
            out.writeLong(slot);
            out.writeInt(members.length);
            for (int m : members) out.writeInt(m);
            return this;
        }

        byte[] sealed() {
            byte[] body = bytes.toByteArray();
            CRC32C crc = new CRC32C();
            crc.update(body);
            return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
        }
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(CorruptSnapshotException.class, () -> Snapshot.decode(bytes)).getMessage();
    }

    @Test
    void theTightestValidEncodingsDecode() throws IOException {
        // One session with an empty result, an empty state, no change: every count sits at its bound.
        Snapshot s = Snapshot.decode(new Raw().header(3, 9, 1).session(5, 6, new byte[0]).blob(new byte[0]).i32(0).sealed());
        assertEquals(3, s.nextSlot());
        assertEquals(9, s.appliedDigest());
        assertArrayEquals(new long[] {5}, s.clientIds());
        assertArrayEquals(new long[] {6}, s.sequences());
        assertEquals(0, s.results()[0].length);
        assertEquals(0, s.state().length);
        // A result that fills everything up to the fields after it.
        Snapshot full = Snapshot.decode(new Raw().header(0, 0, 1).session(1, 1, new byte[] {7, 7}).blob(new byte[] {1}).i32(0).sealed());
        assertArrayEquals(new byte[] {7, 7}, full.results()[0]);
        assertArrayEquals(new byte[] {1}, full.state());
        // One change at slot 0 of a one-member configuration: 12 bytes, exactly what the count check allows.
        Snapshot changed = Snapshot.decode(new Raw().header(1, 0, 0).blob(new byte[0]).i32(1).change(0, 4).sealed());
        assertEquals(Map.of(0L, new Configuration(4)), changed.changeMap());
        Snapshot two = Snapshot.decode(new Raw().header(9, 0, 0).blob(new byte[0]).i32(2).change(2, 1, 2).change(3, 2).sealed());
        assertEquals(new Configuration(1, 2), two.changeMap().get(2L));
        assertEquals(new Configuration(2), two.changeMap().get(3L));
        // The smallest snapshot of all, 40 bytes: no session, an empty state, no change.
        byte[] smallest = new Raw().header(0, 17, 0).blob(new byte[0]).i32(0).sealed();
        assertEquals(40, smallest.length);
        assertEquals(17, Snapshot.decode(smallest).appliedDigest());
        // Sessions in increasing client order are fine.
        assertEquals(2, Snapshot.decode(new Raw().header(1, 0, 2).session(1, 1, new byte[0]).session(2, 1, new byte[0]).blob(new byte[0]).i32(0).sealed()).clientIds().length);
    }

    @Test
    void anEncodingThatChecksumsButSaysSomethingImpossibleIsRefusedNamingTheField() throws IOException {
        assertTrue(refusal(new byte[31]).contains("31 bytes is too short"));
        assertTrue(refusal(new byte[39]).contains("39 bytes is too short"), "one byte short of the smallest snapshot");
        assertTrue(refusal(new Raw().header(-1, 0, 0).blob(new byte[0]).i32(0).sealed()).contains("header is inconsistent: next slot -1"));
        assertTrue(refusal(new Raw().header(1, 0, -1).blob(new byte[0]).i32(0).sealed()).contains("-1 sessions"));
        assertTrue(refusal(new Raw().header(1, 0, 2).session(1, 1, new byte[0]).blob(new byte[0]).i32(0).sealed()).contains("header is inconsistent"), "two sessions claimed, room for one");
        assertTrue(refusal(new Raw().header(1, 0, 2).session(2, 1, new byte[0]).session(2, 1, new byte[0]).blob(new byte[0]).i32(0).sealed()).contains("out of order at session 1"));
        assertTrue(refusal(new Raw().header(1, 0, 2).session(3, 1, new byte[0]).session(2, 1, new byte[0]).blob(new byte[0]).i32(0).sealed()).contains("out of order at session 1"));
        assertTrue(refusal(new Raw().header(1, 0, 0).i32(-1).i32(0).i32(0).sealed()).contains("state claims -1 bytes"));
        String tooLong = refusal(new Raw().header(1, 0, 0).i32(9).i32(0).i32(0).sealed());
        assertTrue(tooLong.contains("state claims 9 bytes, 8 remain"), tooLong);
        // A state reaching up to the checksum passes the length check (only the checksum is reserved) and is
        // refused at the next field: the bound is exact.
        String upToChecksum = refusal(new Raw().header(1, 0, 0).i32(8).i32(0).i32(0).sealed());
        assertTrue(upToChecksum.contains("configuration changes"), upToChecksum);
        assertTrue(refusal(new Raw().header(1, 0, 0).blob(new byte[0]).i32(-1).sealed()).contains("claims -1 configuration changes"));
        assertTrue(refusal(new Raw().header(1, 0, 0).blob(new byte[0]).i32(1).sealed()).contains("claims 1 configuration changes"));
        assertTrue(refusal(new Raw().header(1, 0, 0).blob(new byte[0]).i32(1).change(1, 1).sealed()).contains("change 0 at slot 1 is out of order or not below 1"));
        assertTrue(refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(1).change(-1, 1).sealed()).contains("at slot -1"));
        assertTrue(refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(2).change(2, 1).change(2, 2).sealed()).contains("change 1 at slot 2 is out of order"));
        assertTrue(refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(2).change(3, 1).change(2, 2).sealed()).contains("change 1 at slot 2"));
        assertTrue(refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(1).i32(0).i32(0).i32(-1).sealed()).contains("claims -1 members"));
        assertTrue(refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(1).i32(0).i32(0).i32(2).sealed()).contains("claims 2 members"));
        // A member count that would read the checksum as a member: refused by the count, naming it.
        String intoChecksum = refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(1).i32(0).i32(0).i32(1).sealed());
        assertTrue(intoChecksum.contains("change 0 claims 1 members"), intoChecksum);
        String pastTheEnd = refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(1).i32(0).i32(0).i32(3).i32(1).i32(2).sealed());
        assertTrue(pastTheEnd.contains("change 0 claims 3 members"), "two members before the checksum, three claimed: " + pastTheEnd);
        // No member at all passes the count check and is refused by Configuration, which says why.
        String empty = refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(1).change(1).sealed());
        assertTrue(empty.contains("change 0: configuration has no replicas"), empty);
        assertTrue(refusal(new Raw().header(5, 0, 0).blob(new byte[0]).i32(1).change(1, 3, 3).sealed()).contains("change 0: configuration names replica 3 twice"));
        String trailing = refusal(new Raw().header(1, 0, 0).blob(new byte[0]).i32(0).i32(0).sealed());
        assertTrue(trailing.contains("has 4 unexpected bytes before its checksum"), trailing);
        String versioned = refusal(ByteBuffer.wrap(new Raw().header(1, 0, 0).blob(new byte[0]).i32(0).sealed()).putInt(4, 3).array());
        assertTrue(versioned.contains("version 3, this engine reads 2"), versioned);
    }

    @Test
    void anEncodedSnapshotDecodesToTheSameFields() {
        Snapshot s = new Snapshot(12, 34, new long[] {1, 5}, new long[] {2, 6}, new byte[][] {{1}, {}}, new byte[] {9, 8, 7},
                new long[] {4}, new Configuration[] {new Configuration(1, 2, 3)});
        Snapshot back = Snapshot.decode(s.encode());
        assertEquals(12, back.nextSlot());
        assertEquals(34, back.appliedDigest());
        assertArrayEquals(new long[] {1, 5}, back.clientIds());
        assertArrayEquals(new long[] {2, 6}, back.sequences());
        assertArrayEquals(new byte[] {1}, back.results()[0]);
        assertArrayEquals(new byte[] {9, 8, 7}, back.state());
        assertEquals(Map.of(4L, new Configuration(1, 2, 3)), back.changeMap());
    }

    private static SnapshotChunk chunk(long nextSlot, int offset, int total, int length) {
        return new SnapshotChunk(nextSlot, offset, total, new byte[length]);
    }

    @Test
    void theAssemblerRefusesChunksOutsideTheAnnouncedLengthAndAcceptsOnesThatEndExactlyThere() {
        SnapshotAssembler a = new SnapshotAssembler();
        assertThrows(IllegalChunkException.class, () -> a.accept(1, chunk(4, 0, 0, 1)));
        assertThrows(IllegalChunkException.class, () -> a.accept(1, chunk(4, -1, 10, 1)));
        assertThrows(IllegalChunkException.class, () -> a.accept(1, chunk(4, 0, 10, 0)));
        String past = assertThrows(IllegalChunkException.class, () -> a.accept(1, chunk(4, 5, 10, 6))).getMessage();
        assertTrue(past.contains("[5, 11) does not fit in 10 bytes"), past);
        assertTrue(!a.inProgress());
        assertEquals(10, a.accept(1, chunk(4, 0, 10, 10)).length, "a chunk ending at the last byte completes it");
        assertEquals(1, a.accept(2, chunk(4, 0, 1, 1)).length, "a one-byte snapshot");
        assertEquals(-1, a.nextSlot(), "a finished transfer is forgotten");
        a.accept(3, chunk(4, 0, 10, 4));
        assertEquals(3, a.source());
        assertEquals(4, a.nextSlot());
        assertTrue(a.inProgress());
        String lengths = assertThrows(IllegalChunkException.class, () -> a.accept(3, chunk(4, 4, 12, 4))).getMessage();
        assertTrue(lengths.contains("announces 12 bytes, the transfer started with 10"), lengths);
        // A new start from another source or of another snapshot replaces the transfer.
        a.accept(2, chunk(4, 0, 10, 2));
        assertEquals(2, a.source());
        assertEquals(2, a.received());
        a.accept(2, chunk(6, 0, 10, 3));
        assertEquals(6, a.nextSlot());
        assertEquals(3, a.received());
        // A duplicate that ends inside what was received is ignored; one that reaches beyond must be in order.
        a.accept(2, chunk(6, 3, 10, 3));
        assertEquals(null, a.accept(2, chunk(6, 2, 10, 4)), "ends at 6, all received");
        assertThrows(IllegalChunkException.class, () -> a.accept(2, chunk(6, 5, 10, 2)));
        assertEquals(6, a.received());
        a.reset();
        assertTrue(!a.inProgress());
        assertEquals(0, a.received());
    }
}

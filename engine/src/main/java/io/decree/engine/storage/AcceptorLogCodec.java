package io.decree.engine.storage;

import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The acceptor's records in a {@link RecordLog}: which record type means what, which key it carries and
 * how its payload is laid out. Payload integers are little-endian.
 *
 * <pre>
 *   type          key      payload
 *   1 PROMISE     NO_KEY   ballot (8)
 *   2 VOTE        slot     ballot (8), decree bytes
 *   3 CHOSEN      slot     decree bytes
 *   4 TRUNCATE    NO_KEY   slot (8): votes and chosen decrees below it may be forgotten
 * </pre>
 *
 * Promises and truncation marks carry no key, so they never hold a segment back from truncation; the
 * storage re-records them before it lets the log drop segments.
 */
final class AcceptorLogCodec {
    static final int PROMISE = 1;
    static final int VOTE = 2;
    static final int CHOSEN = 3;
    static final int TRUNCATE = 4;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private AcceptorLogCodec() {}

    static void appendPromise(RecordLog log, long ballot) {
        log.claim(PROMISE, RecordLog.NO_KEY, Long.BYTES).putLong(0, ballot).commit();
    }

    static void appendVote(RecordLog log, long slot, long ballot, byte[] decree) {
        log.claim(VOTE, slot, Long.BYTES + decree.length).putLong(0, ballot).putBytes(Long.BYTES, decree, 0, decree.length).commit();
    }

    static void appendChosen(RecordLog log, long slot, byte[] decree) {
        log.claim(CHOSEN, slot, decree.length).putBytes(0, decree, 0, decree.length).commit();
    }

    static void appendTruncate(RecordLog log, long slot) {
        log.claim(TRUNCATE, RecordLog.NO_KEY, Long.BYTES).putLong(0, slot).commit();
    }

    /** A visitor that replays acceptor records into {@code state}, rejecting any it does not understand. */
    static RecordVisitor replayInto(RecoveredState.Builder state) {
        return (sequence, type, key, payload, file, offset) -> {
            switch (type) {
                case PROMISE -> state.promise(word(payload, file, offset, type));
                case VOTE -> {
                    long ballot = word(payload, file, offset, type);
                    state.vote(slot(key, file, offset), ballot, payload.asSlice(Long.BYTES).toArray(ValueLayout.JAVA_BYTE));
                }
                case CHOSEN -> state.chosen(slot(key, file, offset), payload.toArray(ValueLayout.JAVA_BYTE));
                case TRUNCATE -> state.truncateBelow(word(payload, file, offset, type));
                default -> throw new StorageCorruptionException(file, offset, "record of unknown acceptor record type " + type
                        + " (written by a newer version?)");
            }
        };
    }

    private static long word(MemorySegment payload, Path file, long offset, int type) {
        if (payload.byteSize() < Long.BYTES) {
            throw new StorageCorruptionException(file, offset, "acceptor record of type " + type + " has a payload of "
                    + payload.byteSize() + " bytes, it needs at least 8");
        }
        return payload.get(LONG, 0);
    }

    private static long slot(long key, Path file, long offset) {
        if (key < 0) throw new StorageCorruptionException(file, offset, "acceptor record for negative slot " + key);
        return key;
    }
}

package io.decree.lin.lincheck;

import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.PmemRecordLog;
import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The operations of the record-log suite over one real log, opened in a fresh directory for each Lincheck
 * invocation (Lincheck creates a test instance per invocation). Writers append and sync; three kinds of
 * reader run while they do:
 * <ul>
 *   <li>{@link #nextSequence()} and {@link #recordsInStats()}: readers of the live log's counters, linearizable
 *       against {@link RecordLogSpec};</li>
 *   <li>{@link #recoverCopy()}: a reader of the log's <em>files</em>, as a backup or a replica catching up from
 *       a copy would be: it copies the directory while appends go on, opens the copy (full recovery) and checks
 *       that it holds every record some sync had reported durable before the reader started, with the payload
 *       its append wrote, in order, and nothing that was never appended. Its result is a verdict: {@link #READER_OK},
 *       or what went wrong, which Lincheck prints as a wrong result.</li>
 * </ul>
 * After each invocation {@link #closeAndRecoverEverything()} closes the log, recovers it and checks that every
 * append is there with its payload, then deletes the directory.
 */
public abstract class RecordLogOperations {
    static final String READER_OK = "ok";
    static final int TYPE = 1;
    /** Tiny segments (a handful of records each), so that scenarios roll segments while others sync and copy. */
    static final LogOptions OPTIONS = new LogOptions(320, 16);

    /** Logs not yet closed by their invocation's validation (an invocation that failed): closed by the JUnit test. */
    static final Set<RecordLog> OPEN = ConcurrentHashMap.newKeySet();
    /** Copies whose recovery cut a torn tail (a reader copied a record half written): reported, for the docs. */
    static final AtomicLong tornCopies = new AtomicLong();
    static final AtomicLong readers = new AtomicLong();

    private final Path dir = RecordLogDirs.fresh("log");
    private final RecordLog log = wrap(open(dir, RecordVisitor.IGNORE));
    /** Payload value of each record whose append has returned, by sequence number. */
    private final ConcurrentHashMap<Long, Integer> appended = new ConcurrentHashMap<>();
    /** The highest watermark returned by a sync that has completed. */
    private final AtomicLong durableReturned = new AtomicLong();

    protected RecordLogOperations() { OPEN.add(log); }

    /** Opens (recovering) the kind of log under test. */
    protected abstract RecordLog open(Path dir, RecordVisitor visitor);

    /** Mutants wrap the log; the real suites use it as it is. */
    protected RecordLog wrap(RecordLog log) { return log; }

    static byte[] payload(int value) {
        byte[] payload = new byte[value];
        java.util.Arrays.fill(payload, (byte) value);
        return payload;
    }

    @Operation
    public long append(@Param(gen = IntGen.class, conf = "1:9") int value) {
        long sequence = log.append(TYPE, value, payload(value));
        appended.put(sequence, value);
        return sequence;
    }

    @Operation
    public long sync() {
        long watermark = log.sync();
        durableReturned.accumulateAndGet(watermark, Math::max);
        return watermark;
    }

    @Operation
    public long nextSequence() { return log.nextSequence(); }

    @Operation
    public long recordsInStats() { return log.stats().records(); }

    @Operation
    public String recoverCopy() {
        readers.incrementAndGet();
        long guaranteed = durableReturned.get();   // every sync that returned before this reader started
        Path copy = RecordLogDirs.copyLog(dir);
        try {
            Checker checker = new Checker();
            long recovered;
            boolean torn;
            try (RecordLog reopened = open(copy, checker)) {
                recovered = reopened.nextSequence();
                torn = reopened.recovery().tornTail().isPresent();
            } catch (RuntimeException e) {
                return "recovery of a copy failed: " + e;
            }
            if (torn) tornCopies.incrementAndGet();
            if (checker.problem != null) return checker.problem;
            long upper = log.nextSequence();
            if (recovered < guaranteed) {
                return "copy holds " + recovered + " records, but a sync had returned watermark " + guaranteed + " before the reader started";
            }
            if (recovered > upper) return "copy holds " + recovered + " records, but only " + upper + " were appended";
            return READER_OK;
        } finally {
            RecordLogDirs.delete(copy);
        }
    }

    /** Checks every recovered record: consecutive from 0, a payload some append wrote, and the one its append wrote if known. */
    private final class Checker implements RecordVisitor {
        long next;
        String problem;

        @Override public void onRecord(long sequence, int type, long key, MemorySegment payload, Path file, long offset) {
            if (problem != null) return;
            String p = checkRecord(next, sequence, type, key, payload);
            if (p != null) problem = p + " (" + file.getFileName() + " at offset " + offset + ")";
            next++;
        }
    }

    private String checkRecord(long expected, long sequence, int type, long key, MemorySegment payload) {
        if (sequence != expected) return "record " + sequence + " where record " + expected + " was expected";
        int length = (int) payload.byteSize();
        if (type != TYPE || key != length || length < 1 || length > 9) {
            return "record " + sequence + " is not one this test appended: type " + type + ", key " + key + ", " + length + " bytes";
        }
        for (int i = 0; i < length; i++) {
            if (payload.get(ValueLayout.JAVA_BYTE, i) != length) return "record " + sequence + " has a damaged payload byte at " + i;
        }
        Integer value = appended.get(sequence);
        if (value != null && value != length) return "record " + sequence + " holds " + length + " but its append wrote " + value;
        return null;
    }

    @Validate
    public void closeAndRecoverEverything() {
        long next = log.nextSequence();
        log.close();
        OPEN.remove(log);
        try {
            if (next != appended.size()) throw new AssertionError(appended.size() + " appends returned, but nextSequence is " + next);
            Checker checker = new Checker();
            try (RecordLog reopened = open(dir, checker)) {
                if (checker.problem != null) throw new AssertionError("after close: " + checker.problem);
                if (checker.next != next) throw new AssertionError("after close, recovery found " + checker.next + " of " + next + " records");
                if (reopened.recovery().tornTail().isPresent()) throw new AssertionError("a closed log had a torn tail: " + reopened.recovery());
            }
        } finally {
            RecordLogDirs.delete(dir);
        }
    }

    /** The file log ({@code FileRecordLog}: staging buffer, positional writes, {@code force}). */
    public static class FileLog extends RecordLogOperations {
        @Override protected RecordLog open(Path dir, RecordVisitor visitor) { return FileRecordLog.open(dir, OPTIONS, visitor); }
    }

    /** The persistent-memory log ({@code PmemRecordLog}: mapped segments; msync mode unless the files are on DAX). */
    public static class PmemLog extends RecordLogOperations {
        @Override protected RecordLog open(Path dir, RecordVisitor visitor) { return PmemRecordLog.open(dir, OPTIONS, visitor); }
    }
}

package io.decree.engine.storage.log;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** Receives the records recovered when a log is opened, in log order. */
@FunctionalInterface
public interface RecordVisitor {

    /**
     * One intact record. {@code payload} is a read-only view valid only during the call; {@code file} and
     * {@code offset} say where the record is stored, so that a client can name them if it rejects it.
     */
    void onRecord(long sequence, int type, long key, MemorySegment payload, Path file, long offset);

    RecordVisitor IGNORE = (sequence, type, key, payload, file, offset) -> {};
}

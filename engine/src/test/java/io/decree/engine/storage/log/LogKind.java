package io.decree.engine.storage.log;

import java.nio.file.Path;

/** The two record logs, so that one test runs against both. */
public enum LogKind {
    FILE(FileRecordLog.SUFFIX) {
        @Override public RecordLog open(Path dir, LogOptions options, RecordVisitor visitor) {
            return FileRecordLog.open(dir, options, visitor);
        }
    },
    PMEM(PmemRecordLog.SUFFIX) {
        @Override public RecordLog open(Path dir, LogOptions options, RecordVisitor visitor) {
            return PmemRecordLog.open(dir, options, visitor);
        }
    };

    public final String suffix;

    LogKind(String suffix) { this.suffix = suffix; }

    public abstract RecordLog open(Path dir, LogOptions options, RecordVisitor visitor);
}

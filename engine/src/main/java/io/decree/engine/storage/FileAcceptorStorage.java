package io.decree.engine.storage;

import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogOptions;

import java.nio.file.Path;

/** Acceptor storage in a directory of checksummed log segments made durable with fsync. */
public final class FileAcceptorStorage extends LogAcceptorStorage {

    private FileAcceptorStorage(Path dir, LogOptions options) {
        super(dir, visitor -> FileRecordLog.open(dir, options, SnapshotFile.NAMES, visitor));
    }

    /** Opens (creating if needed) the storage in {@code dir}, recovering what is there. */
    public static FileAcceptorStorage open(Path dir, LogOptions options) { return new FileAcceptorStorage(dir, options); }

    public static FileAcceptorStorage open(Path dir) { return open(dir, LogOptions.DEFAULT); }
}

package io.decree.engine.storage;

import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.PmemRecordLog;

import java.nio.file.Path;

/**
 * Acceptor storage in persistent memory (libpmem): a directory on a DAX file system, or any directory
 * with {@code PMEM_IS_PMEM_FORCE=1} for emulation. Needs the Debian package libpmem1.
 */
public final class PmemAcceptorStorage extends LogAcceptorStorage {

    private PmemAcceptorStorage(Path dir, LogOptions options) {
        super(dir, visitor -> PmemRecordLog.open(dir, options, SnapshotFile.NAMES, visitor));
    }

    /**
     * Opens (creating if needed) the storage in {@code dir}, recovering what is there.
     *
     * @throws io.decree.engine.storage.pmem.PmemUnavailableException naming libpmem1 if libpmem is missing
     */
    public static PmemAcceptorStorage open(Path dir, LogOptions options) { return new PmemAcceptorStorage(dir, options); }

    public static PmemAcceptorStorage open(Path dir) { return open(dir, LogOptions.DEFAULT); }
}

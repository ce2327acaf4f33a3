package io.decree.engine.storage.pmem;

/**
 * libpmem could not be loaded. The message names the package to install; the file log does not need it.
 */
public final class PmemUnavailableException extends RuntimeException {
    public PmemUnavailableException(String library, Throwable cause) {
        super("cannot load " + library + " (" + cause.getMessage() + "): the persistent-memory log needs libpmem from PMDK;"
                + " install the Debian package " + LibPmem.PACKAGE + " (apt-get install -y " + LibPmem.PACKAGE + ")."
                + " The file log (FileRecordLog, FileAcceptorStorage) works without it.", cause);
    }
}

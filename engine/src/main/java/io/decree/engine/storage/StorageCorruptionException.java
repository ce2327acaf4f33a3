package io.decree.engine.storage;

import java.nio.file.Path;

/** Stored data is damaged or foreign: names the file and byte offset, and the replica refuses to start. */
public final class StorageCorruptionException extends RuntimeException {
    private final Path file;
    private final long offset;

    public StorageCorruptionException(Path file, long offset, String what) {
        super(file + " at offset " + offset + ": " + what);
        this.file = file;
        this.offset = offset;
    }

    public Path file() { return file; }

    public long offset() { return offset; }
}

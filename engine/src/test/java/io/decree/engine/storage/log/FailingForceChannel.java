package io.decree.engine.storage.log;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A real file channel whose {@link #force} fails as a failing disk's fsync does (EIO): everything else goes to
 * the channel it wraps, and closing it closes that channel. For the failures a test cannot provoke on tmpfs.
 */
final class FailingForceChannel extends DelegatingFileChannel {
    static final String MESSAGE = "Input/output error (injected: fsync failed)";

    int forces;

    FailingForceChannel(FileChannel file) { super(file); }

    /** Whether the wrapped channel, the one holding the descriptor, is still open. */
    boolean fileOpen() { return file.isOpen(); }

    @Override public void force(boolean metaData) throws IOException {
        forces++;
        throw new IOException(MESSAGE);
    }
}

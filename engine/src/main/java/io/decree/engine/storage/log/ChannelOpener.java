package io.decree.engine.storage.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels whose writes and forces make the file log durable: the segments
 * {@link FileRecordLog} creates and appends to, and the directory {@link SegmentDirectory} fsyncs.
 * Production opens the file ({@link #FILES}). A test wraps the channel: to make a force fail (a failing disk,
 * which tmpfs never is), or to record what was forced, the only way an in-process test can see a missing
 * fsync, since the bytes stay in the page cache either way. It also makes the staging buffer's arena.
 */
@FunctionalInterface
interface ChannelOpener {
    FileChannel open(Path path, OpenOption... options) throws IOException;

    /**
     * The arena of the log's off-heap staging buffer: a shared one in production. A test keeps it to see that
     * the buffer is freed at close and after a failed open, which nothing else shows (the memory is outside the
     * heap and no file holds it).
     */
    default Arena stagingArena() { return Arena.ofShared(); }

    ChannelOpener FILES = FileChannel::open;
}

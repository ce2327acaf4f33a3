package io.decree.engine.storage.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels whose writes and forces make the file log durable: the segments
 * {@link FileRecordLog} creates and appends to, and the directory {@link SegmentDirectory} fsyncs.
 * Production opens the file ({@link #FILES}). A test wraps the channel: to make a force fail (a failing disk,
 * which tmpfs never is), or to record what was forced, the only way an in-process test can see a missing
 * fsync, since the bytes stay in the page cache either way.
 */
@FunctionalInterface
interface ChannelOpener {
    FileChannel open(Path path, OpenOption... options) throws IOException;

    ChannelOpener FILES = FileChannel::open;
}

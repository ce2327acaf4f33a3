package io.decree.engine.storage.log;

import java.nio.file.Path;

/**
 * What a segmented log knows about one of its segments, whatever the medium: where it is, which records it
 * holds and the largest key among them (for truncation). The medium adds how its bytes are reached (a file
 * channel, or a mapping).
 */
abstract class LogSegment implements SegmentDirectory.Droppable {
    Path path;                        // the temporary name until the segment is published
    final long base;                  // sequence number of its first record
    long end;                         // sequence number after its last record
    long maxKey = RecordLog.NO_KEY;   // largest key of its keyed records

    LogSegment(Path path, long base) {
        this.path = path;
        this.base = base;
        this.end = base;
    }

    @Override public Path path() { return path; }
    @Override public long maxKey() { return maxKey; }
}

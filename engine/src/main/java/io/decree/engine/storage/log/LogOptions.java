package io.decree.engine.storage.log;

/**
 * Sizes of a log.
 *
 * @param segmentBytes    a segment's size limit (the preallocated size of a pmem segment)
 * @param maxPayloadBytes the largest record payload accepted; recovery treats a larger length as damage
 */
public record LogOptions(long segmentBytes, int maxPayloadBytes) {
    public static final LogOptions DEFAULT = new LogOptions(64L << 20, 4 << 20);

    /** Largest segment: a segment must be addressable through one ByteBuffer view. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    public LogOptions {
        if (maxPayloadBytes < 0) throw new IllegalArgumentException("maxPayloadBytes must be >= 0: " + maxPayloadBytes);
        if (segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes " + segmentBytes + " exceeds the limit " + MAX_SEGMENT_BYTES);
        }
        long needed = 128 + RecordFrame.frameLength(maxPayloadBytes);
        if (segmentBytes < needed) {
            throw new IllegalArgumentException("segmentBytes " + segmentBytes + " cannot hold a record of "
                    + maxPayloadBytes + " bytes (needs at least " + needed + ")");
        }
        if (segmentBytes % RecordFrame.ALIGNMENT != 0) {
            throw new IllegalArgumentException("segmentBytes must be a multiple of 8: " + segmentBytes);
        }
    }

    void checkPayload(int payloadLength) {
        if (payloadLength < 0 || payloadLength > maxPayloadBytes) {
            throw new IllegalArgumentException("record payload of " + payloadLength + " bytes exceeds the log's limit of "
                    + maxPayloadBytes + " bytes (LogOptions.maxPayloadBytes)");
        }
    }
}

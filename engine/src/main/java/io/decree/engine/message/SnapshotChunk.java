package io.decree.engine.message;

/**
 * State transfer, sender to receiver: bytes {@code [offset, offset + data.length)} of the encoded snapshot
 * covering the slots below {@code nextSlot}, {@code totalLength} bytes in all. The snapshot's own checksum
 * is verified once the receiver holds every byte; nothing is installed before.
 */
public record SnapshotChunk(long nextSlot, int offset, int totalLength, byte[] data) implements Message {}

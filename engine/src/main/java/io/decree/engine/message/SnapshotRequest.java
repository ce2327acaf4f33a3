package io.decree.engine.message;

/**
 * State transfer, receiver to sender: send the chunk at {@code offset} of your snapshot covering the slots
 * below {@code nextSlot} (0 and offset 0: whichever snapshot you hold). Pulled one chunk at a time, so a
 * lost chunk costs one retransmission and the sender keeps no per-receiver state.
 */
public record SnapshotRequest(long nextSlot, int offset) implements Message {}

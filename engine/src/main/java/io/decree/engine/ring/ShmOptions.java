package io.decree.engine.ring;

import java.nio.file.Path;

/**
 * Settings of a {@link ShmTransport}.
 *
 * @param dir             where the ring files live; every replica of the cluster must name the same directory
 * @param ringBytes       data bytes of each ring (a power of two); a frame may take at most half of it
 * @param maxPayloadBytes the wire codec's payload bound (docs/wire.md)
 * @param spinPolls       empty polls the poller spins through before it starts to park
 * @param maxParkNanos    longest park of an idle poller: the worst added latency of the first message after a lull
 * @param linkFaults      a {@link LinkFaultHook} file the receiver obeys (fault-injection tests only), or null
 */
public record ShmOptions(Path dir, int ringBytes, int maxPayloadBytes, int spinPolls, long maxParkNanos, Path linkFaults) {
    public static final int DEFAULT_RING_BYTES = 8 << 20;

    public ShmOptions {
        RingRecord.checkCapacity(ringBytes);
        if (maxPayloadBytes < 9) throw new IllegalArgumentException("maxPayloadBytes " + maxPayloadBytes + " is below a HELLO's 9");
        if (spinPolls < 0 || maxParkNanos < 1_000) throw new IllegalArgumentException("spinPolls must be >= 0 and maxParkNanos >= 1000");
    }

    public static ShmOptions defaults(Path dir) {
        return new ShmOptions(dir, DEFAULT_RING_BYTES, DEFAULT_RING_BYTES / 2, 2_000, 200_000, null);
    }

    public ShmOptions withRingBytes(int bytes) { return new ShmOptions(dir, bytes, Math.min(maxPayloadBytes, bytes / 2), spinPolls, maxParkNanos, linkFaults); }

    public ShmOptions withIdle(int spins, long parkNanos) { return new ShmOptions(dir, ringBytes, maxPayloadBytes, spins, parkNanos, linkFaults); }

    /** Obeys the {@link LinkFaultHook} in {@code file} (null: none). Test-only: the server sets it only from a system property. */
    public ShmOptions withLinkFaults(Path file) { return new ShmOptions(dir, ringBytes, maxPayloadBytes, spinPolls, maxParkNanos, file); }
}

package io.decree.engine.ring;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a {@link ShmTransport}; any thread may bump them, {@link #report()} reads a snapshot. */
public final class ShmStats {
    final LongAdder framesSent = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final LongAdder droppedNoConnection = new LongAdder();
    final LongAdder droppedBackPressure = new LongAdder();
    final LongAdder droppedUnencodable = new LongAdder();
    final LongAdder droppedInbound = new LongAdder();
    final LongAdder droppedRevoked = new LongAdder();
    final LongAdder malformedFrames = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder revocations = new LongAdder();

    /**
     * @param framesSent          frames published into a peer's ring
     * @param framesReceived      valid frames taken from this replica's rings and handed on
     * @param droppedNoConnection sends while the peer's ring was not exposed (peer down) or not reconnected yet
     * @param droppedBackPressure sends refused because the peer's ring was full (slow receiver)
     * @param droppedUnencodable  sends whose frame exceeds half a ring or the payload bound
     * @param droppedInbound      decoded messages the replica's queue refused
     * @param droppedRevoked      sends refused because the peer had revoked this writer
     * @param malformedFrames     invalid records in this replica's rings (a failed CRC32C or any other check of the
     *                            wire codec, a record header that cannot be right), plus replicas that sent client
     *                            traffic; each is also logged ({@code event=malformed-frame}) and none is delivered
     * @param connects            rings attached as a writer
     * @param revocations         writers this replica revoked (members removed, or links cut by a test's {@link LinkFaultHook})
     */
    public record Report(long framesSent, long framesReceived, long droppedNoConnection, long droppedBackPressure,
                         long droppedUnencodable, long droppedInbound, long droppedRevoked, long malformedFrames,
                         long connects, long revocations) { }

    public Report report() {
        return new Report(framesSent.sum(), framesReceived.sum(), droppedNoConnection.sum(), droppedBackPressure.sum(),
                droppedUnencodable.sum(), droppedInbound.sum(), droppedRevoked.sum(), malformedFrames.sum(), connects.sum(), revocations.sum());
    }
}

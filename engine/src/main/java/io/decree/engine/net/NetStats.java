package io.decree.engine.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a transport (any thread may bump them; {@link #report()} reads a snapshot). Drops are split by
 * cause because they mean different things to an operator: no connection is a partition or a dead peer,
 * back-pressure is a slow peer.
 */
public final class NetStats {
    final LongAdder framesSent = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final LongAdder droppedNoConnection = new LongAdder();
    final LongAdder droppedBackPressure = new LongAdder();
    final LongAdder droppedInbound = new LongAdder();
    final LongAdder droppedUnencodable = new LongAdder();
    final LongAdder malformedFrames = new LongAdder();
    final LongAdder connectAttempts = new LongAdder();
    final LongAdder connectionsAuthenticated = new LongAdder();
    final LongAdder connectionsClosed = new LongAdder();
    private final AtomicLongArray refusals = new AtomicLongArray(Refusal.values().length);

    void refused(Refusal reason) { refusals.incrementAndGet(reason.ordinal()); }

    /**
     * A snapshot of the counters.
     *
     * @param framesSent           frames handed to a channel (replica messages, client replies)
     * @param framesReceived       well-formed frames decoded from authenticated connections
     * @param droppedNoConnection  sends with no authenticated connection to the destination
     * @param droppedBackPressure  sends over the per-peer queue bound or while the channel is unwritable
     * @param droppedInbound       decoded messages the replica's inbound queue refused (full or stopped)
     * @param droppedUnencodable   sends whose message does not fit a frame (larger than the maximum payload)
     * @param malformedFrames      connections closed for a malformed frame after authentication
     * @param connectAttempts      outbound TCP connects started
     * @param connectionsAuthenticated connections that passed TLS and HELLO
     * @param connectionsClosed    authenticated connections that closed since
     * @param refusals             connections refused, by reason
     */
    public record Report(long framesSent, long framesReceived, long droppedNoConnection, long droppedBackPressure,
                         long droppedInbound, long droppedUnencodable, long malformedFrames, long connectAttempts,
                         long connectionsAuthenticated, long connectionsClosed, Map<Refusal, Long> refusals) {
        public long refused(Refusal reason) { return refusals.getOrDefault(reason, 0L); }

        public long refusedTotal() { return refusals.values().stream().mapToLong(Long::longValue).sum(); }
    }

    public Report report() {
        Map<Refusal, Long> byReason = new EnumMap<>(Refusal.class);
        for (Refusal r : Refusal.values()) if (refusals.get(r.ordinal()) > 0) byReason.put(r, refusals.get(r.ordinal()));
        return new Report(framesSent.sum(), framesReceived.sum(), droppedNoConnection.sum(), droppedBackPressure.sum(),
                droppedInbound.sum(), droppedUnencodable.sum(), malformedFrames.sum(), connectAttempts.sum(),
                connectionsAuthenticated.sum(), connectionsClosed.sum(), Map.copyOf(byReason));
    }
}

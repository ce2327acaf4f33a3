package io.decree.engine.runtime;

import io.decree.engine.metrics.Histogram;

/**
 * What one protocol thread measured about its own liveness path: how long its loop turns take, how deep its
 * queue gets, how long messages wait in it, and how regularly it ticks and hears the leader's heartbeats.
 * These are the figures that say why a follower would time out on a live leader (docs/runtime.md, "Leader
 * stability"). Written only by the protocol thread; other threads read them as hints (volatile, so a reader
 * sees recent values, never torn ones). Costs one {@code System.nanoTime} per turn and per queued message.
 * They never feed back into the replica, which reads time only through its {@code Environment}.
 */
public final class LoopStats {
    private volatile long turns;
    private volatile long maxTurnNanos;
    private volatile long maxQueueDepth;
    private volatile long maxTickGapNanos;
    private volatile long maxMessageWaitNanos;
    private volatile long heartbeatsReceived;
    private volatile long maxHeartbeatGapNanos;
    private volatile long maxHeartbeatWaitNanos;
    /** Set by a reader, honoured by the protocol thread at its next turn (so only it ever writes). */
    private volatile boolean resetRequested;

    /** Events queued at the start of each turn that found any (the distribution behind {@link #maxQueueDepth()}). */
    public final Histogram queueDepth = new Histogram();
    /** Events handled per busy turn: the batch one flush (one sync) covers. */
    public final Histogram turnEvents = new Histogram();
    /** Duration of each busy turn, nanoseconds. */
    public final Histogram turnNanos = new Histogram();

    // Confined to the protocol thread.
    private long lastTickAt;
    private long lastHeartbeatAt;

    /** Asks the protocol thread to zero the maxima at its next turn (for a measurement after a warm-up). */
    public void resetMaxima() { resetRequested = true; }

    void turnStarted(int queueDepth) {
        if (resetRequested) {
            maxTurnNanos = 0;
            maxQueueDepth = 0;
            maxTickGapNanos = 0;
            maxMessageWaitNanos = 0;
            maxHeartbeatGapNanos = 0;
            maxHeartbeatWaitNanos = 0;
            lastHeartbeatAt = 0;
            lastTickAt = 0;
            resetRequested = false;
        }
        if (queueDepth > maxQueueDepth) maxQueueDepth = queueDepth;
        if (queueDepth > 0) this.queueDepth.record(queueDepth); // idle turns (1,000 a second) would drown the rest
    }

    void turnEnded(long nanos, int events) {
        turns++;
        turnEvents.record(events);
        turnNanos.record(nanos);
        if (nanos > maxTurnNanos) maxTurnNanos = nanos;
    }

    void ticked(long at) {
        if (lastTickAt != 0 && at - lastTickAt > maxTickGapNanos) maxTickGapNanos = at - lastTickAt;
        lastTickAt = at;
    }

    void messageHandled(long queuedAt, long at, boolean heartbeat) {
        long wait = at - queuedAt;
        if (wait > maxMessageWaitNanos) maxMessageWaitNanos = wait;
        if (!heartbeat) return;
        heartbeatsReceived++;
        if (wait > maxHeartbeatWaitNanos) maxHeartbeatWaitNanos = wait;
        if (lastHeartbeatAt != 0 && at - lastHeartbeatAt > maxHeartbeatGapNanos) maxHeartbeatGapNanos = at - lastHeartbeatAt;
        lastHeartbeatAt = at;
    }

    public long turns() { return turns; }

    public long maxTurnMicros() { return maxTurnNanos / 1_000; }

    /** Events queued at the start of a turn, at most. */
    public long maxQueueDepth() { return maxQueueDepth; }

    /** Longest time between two ticks of the replica: the protocol thread's longest absence. */
    public long maxTickGapMillis() { return maxTickGapNanos / 1_000_000; }

    /** Longest time a message from another replica waited in the queue before it was handled. */
    public long maxMessageWaitMillis() { return maxMessageWaitNanos / 1_000_000; }

    public long heartbeatsReceived() { return heartbeatsReceived; }

    /** Longest time between two heartbeats handled (a follower times out when this exceeds its time-out). */
    public long maxHeartbeatGapMillis() { return maxHeartbeatGapNanos / 1_000_000; }

    /** Longest time a heartbeat waited in the queue before it was handled. */
    public long maxHeartbeatWaitMillis() { return maxHeartbeatWaitNanos / 1_000_000; }

    @Override public String toString() {
        return "turns " + turns + ", max turn " + maxTurnMicros() / 1000 + " ms, max queue " + maxQueueDepth
                + ", max tick gap " + maxTickGapMillis() + " ms, max message wait " + maxMessageWaitMillis()
                + " ms, heartbeats received " + heartbeatsReceived + ", max heartbeat gap " + maxHeartbeatGapMillis()
                + " ms, max heartbeat wait " + maxHeartbeatWaitMillis() + " ms";
    }
}

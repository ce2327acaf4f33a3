package io.decree.engine.message;

/**
 * Everything replicas and clients say to each other. Names follow the TLA+ spec ({@code specs-tla/}):
 * Phase1a/1b/2a/2b are Paxos' two phases; the rest carry commit notification, catch-up, leadership
 * liveness and client traffic. The network may drop, duplicate, delay and reorder any of them, and every
 * handler is written to be safe under all four.
 */
public sealed interface Message permits Phase1a, Phase1b, Phase2a, Phase2b, Preempted, Commit, Heartbeat, LeaseGrant,
        CatchUpRequest, CatchUpReply, SnapshotRequest, SnapshotChunk, ClientRequest, ClientReply {
}

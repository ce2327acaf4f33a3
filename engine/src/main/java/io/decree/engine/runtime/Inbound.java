package io.decree.engine.runtime;

import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import java.util.concurrent.CompletableFuture;

/** An event for a protocol thread, put on its inbound queue by any thread. */
sealed interface Inbound {

    /**
     * A message from another replica (or a client address), and when it was queued ({@code System.nanoTime}):
     * for {@link LoopStats} only, never for the replica, which reads time through its environment.
     */
    record Delivery(int from, Message message, long queuedAt) implements Inbound {}

    /** A local client submission and the future the client holds. */
    record Submission(Command command, CompletableFuture<byte[]> future) implements Inbound {}

    /**
     * A submission without a session. Its sequence is drawn on the protocol thread from the replica's seeded
     * generator ({@code Replica.submit(byte[])}), not here, so it stays reproducible and collision-checked.
     */
    record Unsessioned(byte[] payload, CompletableFuture<byte[]> future) implements Inbound {}

    /** A request to change the membership, and the future that gets the first slot it governs. */
    record Reconfiguration(Configuration target, CompletableFuture<Long> future) implements Inbound {}
}

package io.decree.engine.runtime;

import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import java.util.concurrent.CompletableFuture;

/**
 * A client's event for a protocol thread, put on its inbound queue by any thread. Messages between
 * replicas (and client requests from connections) do not come this way: they go flat through the
 * {@link MessageRing}, without an object each.
 */
sealed interface Inbound {

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

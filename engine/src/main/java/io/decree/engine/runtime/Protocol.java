package io.decree.engine.runtime;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Replica;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link ProtocolLoop} drives: the single-threaded event interface of a {@link Replica}. An
 * interface so that the loop's concurrency (queue, batching, group commit, completion of futures) can be
 * tested, and model-checked by Lincheck, over a small deterministic stand-in.
 */
public interface Protocol {
    void onMessage(int from, Message message);

    /**
     * A message as a {@link Flat} kind and fields (the wire path's, queued without a record). The default
     * builds the record, so a stand-in needs only {@link #onMessage(int, Message)}.
     */
    default void onMessage(int from, int kind, long a, long b, long c, Object ref) { onMessage(from, Flat.toMessage(kind, a, b, c, ref)); }

    void onTick();

    /** Submits a command of a client session; the future is completed on the protocol thread, maybe before this returns. */
    CompletableFuture<byte[]> submit(Command command);

    /** Submits a command without a session (not deduplicated), likewise. */
    CompletableFuture<byte[]> submit(byte[] payload);

    /** Changes the membership through the log (see {@link Replica#reconfigure}), likewise. */
    CompletableFuture<Long> reconfigure(Configuration target);

    /** Makes durable what the events since the last flush recorded, then sends what they said. */
    void flush();

    static Protocol of(Replica replica) {
        return new Protocol() {
            @Override public void onMessage(int from, Message message) { replica.onMessage(from, message); }

            @Override public void onMessage(int from, int kind, long a, long b, long c, Object ref) { replica.onMessage(from, kind, a, b, c, ref); }

            @Override public void onTick() { replica.onTick(); }

            @Override public CompletableFuture<byte[]> submit(Command command) { return replica.submit(command); }

            @Override public CompletableFuture<byte[]> submit(byte[] payload) { return replica.submit(payload); }

            @Override public CompletableFuture<Long> reconfigure(Configuration target) { return replica.reconfigure(target); }

            @Override public void flush() { replica.flush(); }
        };
    }
}

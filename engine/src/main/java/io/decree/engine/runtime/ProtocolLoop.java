package io.decree.engine.runtime;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The concurrency around one {@link Protocol}, without the thread: producers (other replicas' protocol
 * threads, client threads) call {@link #deliver} and {@link #submit}, which only offer an event to the
 * bounded {@link MpscQueue}; the one consumer calls {@link #runOnce()}, which drains a batch, hands every
 * event to the protocol, ticks it when a tick is due, calls {@code flush()} once for the whole batch
 * (one storage sync for all of it: group commit), and only then releases the batch's completed futures to
 * the completion executor. {@link ReplicaRunner} is this plus a thread; tests drive it step by step, and
 * Lincheck model-checks it with {@code runOnce} as an operation.
 *
 * <p>Futures are completed after the flush, so a client never learns a result before the batch's votes
 * and promises are durable and its messages are sent, and never on the protocol thread when the
 * completion executor is another thread (client callbacks cannot stall the protocol).
 */
public final class ProtocolLoop {
    private final int replicaId;
    private final Protocol protocol;
    private final MpscQueue<Inbound> queue;
    /** Messages, flat: the steady state's traffic queues here without allocating (see {@link MessageRing}). */
    private final MessageRing messages;
    private final MessageRing.Consumer messageHandler = this::handleMessage;
    private final int maxBatch;
    private final LongSupplier clockMillis;
    private final long tickInterval;
    private final Executor completionExecutor;
    private final Consumer<Inbound> handler = this::handle;
    private final LoopStats stats = new LoopStats();
    private final LongSupplier statsNanos;

    // --- Confined to the consumer. ---
    private long nextTickAt;
    /** Client futures handed to the protocol and not completed yet: failed if the loop is abandoned. */
    private final HashSet<CompletableFuture<?>> outstanding = new HashSet<>();
    /** Completions of the current batch, released after its flush. */
    private final ArrayList<Completion<?>> completed = new ArrayList<>();

    private record Completion<T>(CompletableFuture<T> future, T result, Throwable error) {
        void run() {
            if (error == null) future.complete(result);
            else future.completeExceptionally(error);
        }
    }

    /**
     * @param tickInterval milliseconds of {@code clockMillis} between ticks; {@link Long#MAX_VALUE} never ticks
     * @param completionExecutor where futures are completed; {@code Runnable::run} completes them on the
     *                           consumer, right after the flush
     */
    public ProtocolLoop(int replicaId, Protocol protocol, int queueCapacity, int maxBatch, LongSupplier clockMillis,
                        long tickInterval, Executor completionExecutor) {
        this(replicaId, protocol, queueCapacity, maxBatch, clockMillis, tickInterval, completionExecutor, () -> 0);
    }

    /**
     * @param statsNanos the clock of {@link #stats()} ({@code System::nanoTime} on a real thread); the other
     *                   constructor reads none, so the loop stays deterministic under Lincheck's model checker,
     *                   which replays every interleaving and refuses code whose branches follow a real clock
     */
    public ProtocolLoop(int replicaId, Protocol protocol, int queueCapacity, int maxBatch, LongSupplier clockMillis,
                        long tickInterval, Executor completionExecutor, LongSupplier statsNanos) {
        if (maxBatch < 1) throw new IllegalArgumentException("replica " + replicaId + ": maxBatch must be positive, got " + maxBatch);
        if (tickInterval < 1) throw new IllegalArgumentException("replica " + replicaId + ": tickInterval must be positive, got " + tickInterval);
        this.replicaId = replicaId;
        this.protocol = protocol;
        this.queue = new MpscQueue<>(queueCapacity);
        this.messages = new MessageRing(queueCapacity);
        this.maxBatch = maxBatch;
        this.clockMillis = clockMillis;
        this.tickInterval = tickInterval;
        this.completionExecutor = completionExecutor;
        this.statsNanos = statsNanos;
        this.nextTickAt = tickInterval == Long.MAX_VALUE ? Long.MAX_VALUE : clockMillis.getAsLong();
    }

    // --- Producers: any thread. ---

    /** Queues a message; false (the message is dropped, as a network may) if the queue is full. */
    public boolean deliver(int from, Message message) {
        return messages.offer(from, Flat.RECORD, 0, 0, 0, Objects.requireNonNull(message, "message"), statsNanos.getAsLong());
    }

    /** Queues a message given as a {@link Flat} kind and fields, without allocating; false if the queue is full. */
    public boolean deliver(int from, int kind, long a, long b, long c, Object ref) {
        return messages.offer(from, kind, a, b, c, ref, statsNanos.getAsLong());
    }

    /** Queues a submission of a client session; the future fails with {@link OverloadedException} if the queue is full. */
    public CompletableFuture<byte[]> submit(Command command) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        if (!queue.offer(new Inbound.Submission(command, future))) future.completeExceptionally(new OverloadedException(replicaId, queue.capacity()));
        return future;
    }

    /** Queues a submission without a session, likewise. */
    public CompletableFuture<byte[]> submit(byte[] payload) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        if (!queue.offer(new Inbound.Unsessioned(payload, future))) future.completeExceptionally(new OverloadedException(replicaId, queue.capacity()));
        return future;
    }

    /** Queues a membership change; the future gets the first slot the new configuration governs. */
    public CompletableFuture<Long> reconfigure(Configuration target) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (!queue.offer(new Inbound.Reconfiguration(target, future))) future.completeExceptionally(new OverloadedException(replicaId, queue.capacity()));
        return future;
    }

    /** A hint for producers; exact for the consumer. */
    public boolean hasWork() { return !queue.isEmpty() || !messages.isEmpty(); }

    // --- The consumer. ---

    /** One batch: drain, handle, tick if due, flush once, release completions. Returns events handled. */
    public int runOnce() {
        long start = statsNanos.getAsLong();
        stats.turnStarted(queue.size() + messages.size());
        // Each queue gets up to maxBatch per turn, so neither can starve the other.
        int handled = queue.drain(handler, maxBatch) + messages.drain(messageHandler, maxBatch);
        boolean ticked = false;
        if (nextTickAt != Long.MAX_VALUE) {
            long now = clockMillis.getAsLong();
            if (now >= nextTickAt) {
                stats.ticked(statsNanos.getAsLong());
                protocol.onTick();
                // One tick however late we are: ticks are "time has passed", the replica reads the clock itself.
                nextTickAt = now + tickInterval;
                ticked = true;
            }
        }
        if (handled > 0 || ticked) protocol.flush();
        release();
        if (handled > 0 || ticked) stats.turnEnded(statsNanos.getAsLong() - start, handled);
        return handled;
    }

    /** This loop's liveness figures (any thread may read them). */
    public LoopStats stats() { return stats; }

    /** Milliseconds of the clock until the next tick is due (0 if due now). */
    public long millisUntilTick() {
        return nextTickAt == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, nextTickAt - clockMillis.getAsLong());
    }

    /** Client futures handed to the protocol and not yet completed. */
    public int outstanding() { return outstanding.size(); }

    /**
     * Fails every queued submission and every outstanding future with {@code reason}, drops queued messages.
     * For when the consumer has stopped for good; the caller must be the only consumer (see ReplicaRunner).
     */
    public void abandon(RuntimeException reason) {
        Inbound event;
        while ((event = queue.poll()) != null) {
            switch (event) {
                case Inbound.Submission s -> completed.add(new Completion<>(s.future(), null, reason));
                case Inbound.Unsessioned s -> completed.add(new Completion<>(s.future(), null, reason));
                case Inbound.Reconfiguration r -> completed.add(new Completion<>(r.future(), null, reason));
            }
        }
        messages.drain(DROP, Integer.MAX_VALUE);
        for (CompletableFuture<?> f : outstanding) completed.add(new Completion<>(f, null, reason));
        outstanding.clear();
        release();
    }

    private static final MessageRing.Consumer DROP = (from, kind, a, b, c, ref, queuedAt) -> { };

    private void handleMessage(int from, int kind, long a, long b, long c, Object ref, long queuedAt) {
        stats.messageHandled(queuedAt, statsNanos.getAsLong(), kind == Flat.HEARTBEAT || ref instanceof Heartbeat);
        if (kind == Flat.RECORD) protocol.onMessage(from, (Message) ref);
        else protocol.onMessage(from, kind, a, b, c, ref);
    }

    private void handle(Inbound event) {
        switch (event) {
            case Inbound.Submission s -> track(s.future(), protocol.submit(s.command()));
            case Inbound.Unsessioned s -> track(s.future(), protocol.submit(s.payload()));
            case Inbound.Reconfiguration r -> track(r.future(), protocol.reconfigure(r.target()));
        }
    }

    /** Completes the client's future from the protocol's, once, after the batch's flush. */
    private <T> void track(CompletableFuture<T> client, CompletableFuture<T> inner) {
        outstanding.add(client);
        // The protocol completes inner on this thread (maybe already, inside submit): no synchronization.
        inner.whenComplete((result, error) -> {
            if (outstanding.remove(client)) completed.add(new Completion<>(client, result, error));
        });
    }

    private void release() {
        if (completed.isEmpty()) return;
        Completion<?>[] batch = completed.toArray(new Completion<?>[0]);
        completed.clear();
        Runnable task = () -> { for (Completion<?> c : batch) c.run(); };
        try {
            completionExecutor.execute(task);
        } catch (RejectedExecutionException shutDown) {
            task.run(); // the executor is gone (runner closing): complete here rather than never
        }
    }
}

package io.decree.perf.load.peers;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * One Aeron Cluster client session driven by one thread, with many requests in flight: the way Aeron's own
 * cluster benchmark (real-logic/benchmarks, {@code ClusterMessageTransceiver}) loads a cluster, one session whose
 * thread offers what is due and polls the egress, instead of a session and a blocked thread per request stream.
 * Any thread may {@link #call}: the request joins a queue; this agent's thread offers it with a correlation id
 * (retrying while the ingress is back-pressured), polls the egress and completes the request's future with the
 * reply of the same correlation id, on this thread. A request unanswered after {@code timeoutNanos} fails with a
 * {@link TimeoutException}; when no request was sent for a second the agent sends a keep-alive, as Aeron asks of
 * an idle client, so the cluster does not close the session.
 *
 * <p>Why not a session per connection (as before session 8): each {@link AeronCluster} is single-threaded and
 * blocking calls poll with their own idle strategy, so 256 connections meant 256 client threads spinning, yielding
 * and parking against the three members' SHARED-mode agents on 2 cores, and 256 egress publications for the
 * leader's driver to serve. Session 7's compare stalled at 256 connections with sessions timing out connecting.
 */
final class AeronClientAgent implements AutoCloseable {
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(1), TIMEOUT_SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private record Pending(byte[] command, CompletableFuture<byte[]> reply, long deadlineNanos) {}

    private final ConcurrentLinkedQueue<Pending> submitted = new ConcurrentLinkedQueue<>();
    // Owned by the agent's thread:
    private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
    private final Long2ObjectHashMap<Pending> awaiting = new Long2ObjectHashMap<>();
    private final ExpandableArrayBuffer request = new ExpandableArrayBuffer(1024);
    private final IdleStrategy idle = new BackoffIdleStrategy();
    private final long timeoutNanos;
    private final AeronCluster session;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastCorrelation;

    /** Connects the session ({@code connect}, given the egress listener to use) and starts the agent's thread. */
    AeronClientAgent(String name, long timeoutNanos, Function<AeronCluster.Context, AeronCluster.Context> configure) {
        this.timeoutNanos = timeoutNanos;
        this.session = AeronCluster.connect(configure.apply(new AeronCluster.Context()).egressListener(this::onReply));
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        thread.start();
    }

    /** The reply to {@code command}, completed on the agent's thread, or failed after the time-out or on close. */
    CompletableFuture<byte[]> call(byte[] command) {
        Pending p = new Pending(command, new CompletableFuture<>(), System.nanoTime() + timeoutNanos);
        submitted.add(p);
        if (!running) failAll(new IllegalStateException("aeron: the client session is closed"));
        return p.reply();
    }

    private void run() {
        long lastSend = System.nanoTime(), lastScan = lastSend;
        try {
            while (running && !session.isClosed()) {
                int work = 0;
                for (Pending p; (p = submitted.poll()) != null; ) unsent.add(p);
                for (Pending p; (p = unsent.peek()) != null; work++) {
                    long correlation = lastCorrelation + 1;
                    request.putLong(0, correlation);
                    request.putBytes(Long.BYTES, p.command());
                    long result = session.offer(request, 0, Long.BYTES + p.command().length);
                    if (result < 0) {
                        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                            throw new IllegalStateException("aeron: ingress publication " + Publication.errorString(result));
                        break; // back-pressured or not yet connected: retry on the next turn
                    }
                    lastCorrelation = correlation;
                    unsent.poll();
                    awaiting.put(correlation, p);
                    lastSend = System.nanoTime();
                }
                work += session.pollEgress();
                long now = System.nanoTime();
                if (now - lastScan > TIMEOUT_SCAN_NANOS) {
                    lastScan = now;
                    TimeoutException late = new TimeoutException("aeron: no reply within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
                    awaiting.values().removeIf(p -> now - p.deadlineNanos() > 0 && p.reply().completeExceptionally(late));
                    unsent.removeIf(p -> now - p.deadlineNanos() > 0 && p.reply().completeExceptionally(late));
                }
                if (now - lastSend > KEEP_ALIVE_NANOS && session.sendKeepAlive()) lastSend = now;
                idle.idle(work);
            }
            failAll(new IllegalStateException("aeron: cluster session closed"));
        } catch (RuntimeException | Error e) {
            failAll(e);
        } finally {
            running = false;
        }
    }

    private void onReply(long clusterSessionId, long timestamp, DirectBuffer buffer, int offset, int length, io.aeron.logbuffer.Header header) {
        Pending p = awaiting.remove(buffer.getLong(offset));
        if (p == null) return; // a reply to a request already timed out
        byte[] reply = new byte[length - Long.BYTES];
        buffer.getBytes(offset + Long.BYTES, reply);
        p.reply().complete(reply);
    }

    /** Fails every request not answered yet: those of the agent's own structures only from its thread or after it ended. */
    private void failAll(Throwable why) {
        running = false;
        for (Pending p; (p = submitted.poll()) != null; ) p.reply().completeExceptionally(why);
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            unsent.forEach(p -> p.reply().completeExceptionally(why));
            unsent.clear();
            awaiting.values().forEach(p -> p.reply().completeExceptionally(why));
            awaiting.clear();
        }
    }

    @Override public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new IllegalStateException("aeron: the client session is closed"));
        session.close();
    }
}

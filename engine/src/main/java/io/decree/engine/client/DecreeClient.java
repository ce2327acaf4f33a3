package io.decree.engine.client;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.protocol.Command;
import io.decree.engine.statemachine.MalformedCommandException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client session of a Decree cluster over the network. It finds the leader (the replica that last
 * answered, the one a NOT_LEADER reply names, else the next member in turn), and executes each command
 * <em>exactly once</em>: a session id plus a sequence number per command, and every retry of a command
 * (after a time-out, a lost connection or a leader change) reuses its sequence, so the replicas' session
 * tables answer a retry with the first execution's result instead of applying it again.
 *
 * <p>Commands of one session run one at a time, in submission order: replicas remember only a session's
 * latest request, so a second outstanding command would make the first one's retries unanswerable. Use
 * several clients for concurrency. {@link #read} sends a read-only query that a leader answers under its
 * lease or through the log: linearizable either way.
 *
 * <p>A command gets no outcome within {@link Options#deadlineMillis()}: {@link TimeoutException}, naming
 * each replica tried and what it said. The command may still execute (once); a later command of the same
 * session is sequenced after it.
 *
 * <p>Many sessions may share one {@link ClientChannel} ({@link #session}): replies are matched by session id
 * and sequence, so one TLS connection per replica carries every session of a process. That is how a busy
 * client should run: with a channel per session, 32 sessions meant 96 TLS connections, 32 I/O threads, and
 * after every leader change 32 handshakes at once with the new leader on its one I/O thread, which on a loaded
 * machine took longer than the handshake time-out, so the sessions re-dialed in a storm (docs/perf.md).
 */
public final class DecreeClient implements AutoCloseable {

    /**
     * @param attemptMillis  how long one replica has to answer one attempt before the next is tried
     * @param deadlineMillis how long a command may take, over all attempts, before it fails
     */
    public record Options(long attemptMillis, long deadlineMillis) {
        public Options {
            if (attemptMillis < 1) throw new IllegalArgumentException("attemptMillis must be positive, got " + attemptMillis);
            if (deadlineMillis < attemptMillis) throw new IllegalArgumentException("deadlineMillis (" + deadlineMillis + ") must be at least attemptMillis (" + attemptMillis + ")");
        }

        public static Options defaults() { return new Options(1_000, 10_000); }
    }

    private static final long FIRST_BACKOFF_MILLIS = 5, MAX_BACKOFF_MILLIS = 100;

    /**
     * Back-off delays of every session: one daemon thread for the process instead of one per session (it only
     * re-sends, which never blocks). Closing a session cannot cancel its held retry here, so the retry finds the
     * session closed and fails its command ({@link Attempts#next}).
     */
    private static final class Timer {
        static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decree-client-retries");
            t.setDaemon(true);
            return t;
        });
    }

    private final ClientChannel channel;
    private final int[] members;
    private final long sessionId;
    private final Options options;
    /** False for a session over a shared channel: closing the session leaves the channel to its owner. */
    private final boolean ownsChannel;

    // Guarded by this: the session's sequence and the tail of its command chain.
    private long sequence;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile int leader;
    private volatile boolean closed;
    /** The command whose attempts run now (commands run one at a time), failed by {@link #close}. */
    private volatile CompletableFuture<byte[]> active;

    /**
     * A session over {@code channel} with the cluster's {@code members}. {@code sessionId} must not have been
     * used before against this cluster (the replicas would take this session's first commands for retries
     * of the old one's): {@link #newSessionId()} draws one. Closing this client closes {@code channel}.
     */
    public DecreeClient(ClientChannel channel, int[] members, long sessionId, Options options) {
        this(channel, members, sessionId, options, true);
    }

    private DecreeClient(ClientChannel channel, int[] members, long sessionId, Options options, boolean ownsChannel) {
        if (members.length == 0) throw new IllegalArgumentException("a client needs at least one member to ask");
        if (sessionId == Command.NO_SESSION) throw new IllegalArgumentException("session id " + sessionId + " means 'no session'");
        this.channel = channel;
        this.members = members.clone();
        this.sessionId = sessionId;
        this.options = options;
        this.ownsChannel = ownsChannel;
    }

    /**
     * A new session (fresh id) over {@code shared}, a channel other sessions use too; closing the session
     * leaves the channel open (its owner closes it after its sessions).
     */
    public static DecreeClient session(ClientChannel shared, int[] members, Options options) {
        return new DecreeClient(shared, members, newSessionId(), options, false);
    }

    /**
     * A session over TCP with mutual TLS to the replicas at {@code members} (id to listener address), with
     * the client certificate in {@code tls} ({@code TlsConfig.load(dir, "client-<id>")}) and a fresh session id.
     */
    public static DecreeClient connect(java.util.Map<Integer, java.net.InetSocketAddress> members, io.decree.engine.net.tls.TlsConfig tls, Options options) {
        int[] ids = members.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        return new DecreeClient(new DecreeClientChannel(tls, members, io.decree.engine.net.NetOptions.defaults()), ids, newSessionId(), options);
    }

    /** A fresh, random positive session id: two sessions collide with probability about 2^-62. */
    public static long newSessionId() {
        long id;
        do id = java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        while (id == Command.NO_SESSION);
        return id;
    }

    public long sessionId() { return sessionId; }

    /** The replica that last answered a command (0 before the first answer). */
    public int leader() { return leader; }

    /** Executes {@code command} exactly once and returns its result; see the class comment for failures. */
    public byte[] execute(byte[] command) throws TimeoutException, InterruptedException { return await(executeAsync(command)); }

    /** Answers the read-only {@code query} linearizably. */
    public byte[] read(byte[] query) throws TimeoutException, InterruptedException { return await(readAsync(query)); }

    public CompletableFuture<byte[]> executeAsync(byte[] command) { return enqueue(command, false); }

    public CompletableFuture<byte[]> readAsync(byte[] query) { return enqueue(query, true); }

    /**
     * Ends the session and closes its channel unless the channel is shared ({@link #session}). A command
     * without an outcome yet, and every one queued behind it, fails with {@link IllegalStateException} (it may
     * still execute, once); a retry the timer holds fails when it comes due.
     */
    @Override public void close() {
        closed = true;
        CompletableFuture<byte[]> running = active;
        if (running != null) running.completeExceptionally(new IllegalStateException("client " + sessionId + " closed before its command had an outcome; it may still execute (once)"));
        if (ownsChannel) channel.close();
    }

    private synchronized CompletableFuture<byte[]> enqueue(byte[] payload, boolean read) {
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("client " + sessionId + " is closed"));
        ClientRequest request = new ClientRequest(new Command(sessionId, ++sequence, payload), read);
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        // Start only when the previous command has an outcome, whatever it is (see the class comment).
        tail.whenComplete((ignored, error) -> new Attempts(request, result).next(startTarget()));
        tail = result;
        return result;
    }

    private int startTarget() { return leader != 0 ? leader : members[0]; }

    private int after(int replica) {
        for (int i = 0; i < members.length; i++)
            if (members[i] == replica) return members[(i + 1) % members.length];
        return members[0];
    }

    private boolean isMember(int replica) { return Arrays.stream(members).anyMatch(m -> m == replica); }

    private static byte[] await(CompletableFuture<byte[]> future) throws TimeoutException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case TimeoutException t -> throw t;
                case RuntimeException r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** The attempts of one request, until it has an outcome or its deadline passes. */
    private final class Attempts {
        private final ClientRequest request;
        private final CompletableFuture<byte[]> result;
        private final long deadline;
        private final List<String> tried = new ArrayList<>();
        /**
         * Replicas asked since the last back-off. A hint is only a replica's belief: on the minority side of a
         * partition two replicas can name each other (each saw the other's higher ballot), and a client that
         * followed hints blindly would bounce between them without ever asking the majority. So a hint that
         * names a replica already asked in this round is not followed: the client moves on in turn instead.
         */
        private final java.util.BitSet askedThisRound = new java.util.BitSet();
        private long backoff = FIRST_BACKOFF_MILLIS;

        Attempts(ClientRequest request, CompletableFuture<byte[]> result) {
            this.request = request;
            this.result = result;
            this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.deadlineMillis());
            active = result;
        }

        void next(int target) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (closed) {
                result.completeExceptionally(new IllegalStateException("client " + sessionId + " closed before " + request.command() + " had an outcome; it may still execute (once)"));
                return;
            }
            if (left <= 0) {
                result.completeExceptionally(new TimeoutException("client " + sessionId + ": no outcome for " + request.command()
                        + " within " + options.deadlineMillis() + " ms; no replica answered as leader (" + String.join("; ", tried)
                        + "); it may still execute (once)"));
                return;
            }
            askedThisRound.set(target);
            CompletableFuture<ClientReply> reply;
            try {
                reply = channel.send(target, request);
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            reply.orTimeout(Math.min(left, options.attemptMillis()), TimeUnit.MILLISECONDS)
                    .whenComplete((r, error) -> onReply(target, r, error));
        }

        private void onReply(int target, ClientReply reply, Throwable error) {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                note(target, cause instanceof TimeoutException ? "no answer in " + options.attemptMillis() + " ms" : String.valueOf(cause.getMessage()));
                retryLater(after(target)); // outcome unknown: the same sequence goes to the next replica
                return;
            }
            switch (reply.status()) {
                case OK -> {
                    leader = target;
                    result.complete(reply.result());
                }
                case NOT_LEADER -> {
                    note(target, "not the leader" + (reply.leaderHint() > 0 ? ", names " + reply.leaderHint() : ", leader unknown"));
                    int hint = reply.leaderHint();
                    if (hint > 0 && isMember(hint) && !askedThisRound.get(hint)) next(hint);
                    else if (askedThisRound.cardinality() < members.length) next(unaskedAfter(target)); // hints went round in a circle
                    else retryLater(after(target)); // every replica asked: an election is under way, do not spin
                }
                case MALFORMED -> result.completeExceptionally(new MalformedCommandException(reply.error()));
                case TOO_LARGE -> result.completeExceptionally(new CommandTooLargeException(reply.error()));
            }
        }

        private void note(int target, String what) {
            if (tried.size() < 16) tried.add("replica " + target + ": " + what);
            else if (tried.size() == 16) tried.add("...");
        }

        /** The first member after {@code target}, in turn, not asked in this round (there is one). */
        private int unaskedAfter(int target) {
            int candidate = after(target);
            while (askedThisRound.get(candidate)) candidate = after(candidate);
            return candidate;
        }

        private void retryLater(int target) {
            askedThisRound.clear();
            long delay = backoff;
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            try {
                Timer.INSTANCE.schedule(() -> next(target), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                result.completeExceptionally(new IllegalStateException("client " + sessionId + " closed before " + request.command() + " had an outcome; it may still execute (once)"));
            }
        }
    }
}

package io.decree.engine.client;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.runtime.Transport;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * Three replicas on runner threads, connected in process, that a {@link DecreeClient} reaches through the
 * same {@link ClientChannel} contract as over TCP: requests enter a replica as {@link ClientRequest}
 * messages from a client address, replies leave through the transport to that address. A stopped replica
 * refuses connections. Every request the client sends is recorded, to check how it retries.
 */
final class RoutedCluster implements Transport, ClientChannel, AutoCloseable {
    static final int CLIENT_ADDRESS = 1_000;

    private final Map<Integer, ReplicaRunner> runners = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ClientReply>> pending = new ConcurrentHashMap<>();
    final List<ClientRequest> sent = new CopyOnWriteArrayList<>();
    /** Non-null: every message between replicas is encoded and decoded as the TCP transport would. */
    private final io.decree.engine.wire.WireCodec codec;

    RoutedCluster(long seed) { this(seed, false); }

    RoutedCluster(long seed, boolean throughWireCodec) {
        this.codec = throughWireCodec ? new io.decree.engine.wire.WireCodec() : null;
        Configuration configuration = Configuration.ofSize(3);
        for (int id = 1; id <= 3; id++) {
            Replica.Builder replica = Replica.builder().configuration(configuration).options(ReplicaOptions.defaults())
                    .stateMachine(new KvStateMachine()).storage(new InMemoryAcceptorStorage());
            runners.put(id, new ReplicaRunner(id, replica, this, RunnerOptions.defaults(seed + id)));
        }
        runners.values().forEach(ReplicaRunner::start);
    }

    int[] members() { return new int[] {1, 2, 3}; }

    @Override public void send(int from, int to, Message message) {
        if (to == CLIENT_ADDRESS) {
            if (message instanceof ClientReply reply) {
                CompletableFuture<ClientReply> waiting = pending.remove(reply.sequence());
                if (waiting != null) waiting.complete(reply);
            }
            return;
        }
        ReplicaRunner target = runners.get(to);
        if (target != null) target.deliver(from, codec == null ? message : roundTrip(message));
    }

    private Message roundTrip(Message message) {
        org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[io.decree.engine.wire.WireCodec.encodedLength(message)]);
        synchronized (codec) {
            int length = codec.encode(message, 0, buffer, 0);
            return codec.decode(buffer, 0, length);
        }
    }

    @Override public CompletableFuture<ClientReply> send(int replica, ClientRequest request) {
        sent.add(request);
        ReplicaRunner target = runners.get(replica);
        if (target == null) return CompletableFuture.failedFuture(new ConnectException("replica " + replica + " refuses connections (stopped)"));
        CompletableFuture<ClientReply> reply = new CompletableFuture<>();
        pending.put(request.command().sequence(), reply); // one command of a session at a time: the sequence is the key
        target.deliver(CLIENT_ADDRESS, request);
        return reply;
    }

    /** Stops replica {@code id} for good; the others carry on. */
    void stop(int id) {
        ReplicaRunner runner = runners.remove(id);
        if (runner != null) runner.close();
    }

    OptionalInt leader() {
        ReplicaRunner best = null;
        for (ReplicaRunner r : runners.values())
            if (r.isLeader() && (best == null || r.ballot() > best.ballot())) best = r;
        return best == null ? OptionalInt.empty() : OptionalInt.of(best.id());
    }

    int awaitLeader(long millis) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            OptionalInt leader = leader();
            if (leader.isPresent()) return leader.getAsInt();
            Thread.sleep(2);
        }
        throw new TimeoutException("no leader within " + millis + " ms");
    }

    @Override public void close() {
        runners.keySet().forEach(this::stop);
    }
}

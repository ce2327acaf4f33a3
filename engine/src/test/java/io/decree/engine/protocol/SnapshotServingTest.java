package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Message;
import io.decree.engine.message.SnapshotChunk;
import io.decree.engine.message.SnapshotRequest;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Both ends of a snapshot transfer, one message at a time: the sender serves the chunk asked for (or starts
 * over when asked for a snapshot it no longer has, or an offset outside it), and the receiver asks again for
 * the next chunk only once a retransmit interval passed without it.
 */
class SnapshotServingTest {
    private static final int CHUNK = 64;
    private static final ReplicaOptions OPTIONS = ReplicaOptions.defaults().withSnapshots(0, CHUNK);

    private static final class Env implements Environment {
        final List<Message> sent = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(3);
        long now = 1_000;

        @Override public long now() { return now; }

        @Override public RandomGenerator random() { return random; }

        @Override public void send(int to, Message message) { sent.add(message); }
    }

    private static Replica replica(int id, InMemoryAcceptorStorage storage, Env env) {
        return Replica.builder().id(id).configuration(Configuration.ofSize(3)).options(OPTIONS).environment(env)
                .stateMachine(new KvStateMachine()).storage(storage).build();
    }

    @Test
    void theSenderServesTheAskedChunkOrStartsOverFromZero() {
        byte[] snapshot = SnapshotTransferTest.sourceSnapshot(10);
        assertTrue(snapshot.length > 2 * CHUNK, "a snapshot of several chunks: " + snapshot.length);
        InMemoryAcceptorStorage storage = new InMemoryAcceptorStorage();
        storage.saveSnapshot(10, snapshot);
        Env env = new Env();
        Replica sender = replica(1, storage, env);
        sender.onMessage(2, new SnapshotRequest(10, CHUNK));
        sender.flush();
        assertEquals(List.of(new ChunkView(10, CHUNK, snapshot.length, Arrays.copyOfRange(snapshot, CHUNK, 2 * CHUNK))), views(env.sent));
        int last = snapshot.length - 1;
        env.sent.clear();
        sender.onMessage(2, new SnapshotRequest(10, last));
        sender.flush();
        assertEquals(List.of(new ChunkView(10, last, snapshot.length, new byte[] {snapshot[last]})), views(env.sent), "the last byte alone");
        for (SnapshotRequest gone : List.of(new SnapshotRequest(9, CHUNK), new SnapshotRequest(10, snapshot.length), new SnapshotRequest(10, -1))) {
            env.sent.clear();
            sender.onMessage(2, gone);
            sender.flush();
            assertEquals(List.of(new ChunkView(10, 0, snapshot.length, Arrays.copyOfRange(snapshot, 0, CHUNK))), views(env.sent), "starts over for " + gone);
        }
        env.sent.clear();
        Replica empty = replica(1, new InMemoryAcceptorStorage(), env);
        empty.onMessage(2, new SnapshotRequest(10, 0));
        empty.flush();
        assertEquals(List.of(), views(env.sent), "no snapshot, nothing to serve");
    }

    @Test
    void theReceiverAsksAgainForTheNextChunkAfterARetransmitInterval() {
        byte[] snapshot = SnapshotTransferTest.sourceSnapshot(10);
        Env env = new Env();
        Replica receiver = replica(2, new InMemoryAcceptorStorage(), env);
        receiver.onMessage(1, new SnapshotChunk(10, 0, snapshot.length, Arrays.copyOfRange(snapshot, 0, CHUNK)));
        receiver.flush();
        assertTrue(env.sent.contains(new SnapshotRequest(10, CHUNK)));
        env.sent.clear();
        env.now += OPTIONS.retransmitInterval() - 1;
        receiver.onTick();
        receiver.flush();
        assertTrue(env.sent.stream().noneMatch(m -> m instanceof SnapshotRequest), "not yet: " + env.sent);
        env.now += 1;
        receiver.onTick();
        receiver.flush();
        assertTrue(env.sent.contains(new SnapshotRequest(10, CHUNK)), "asked again from where it stopped: " + env.sent);
        // A chunk of a snapshot at or below what the receiver has is ignored and ends nothing in progress.
        env.sent.clear();
        receiver.onMessage(1, new SnapshotChunk(0, 0, 5, new byte[5]));
        receiver.flush();
        assertEquals(0, receiver.transferErrors());
        assertTrue(env.sent.stream().noneMatch(m -> m instanceof SnapshotRequest), "no request for a stale snapshot: " + env.sent);
    }

    /** SnapshotChunk compares its bytes by identity; this view compares them by content. */
    private record ChunkView(long nextSlot, int offset, int totalLength, List<Byte> data) {
        ChunkView(long nextSlot, int offset, int totalLength, byte[] bytes) { this(nextSlot, offset, totalLength, box(bytes)); }

        static List<Byte> box(byte[] bytes) {
            List<Byte> l = new ArrayList<>();
            for (byte b : bytes) l.add(b);
            return l;
        }
    }

    private static List<ChunkView> views(List<Message> sent) {
        return sent.stream().filter(m -> m instanceof SnapshotChunk).map(m -> (SnapshotChunk) m)
                .map(c -> new ChunkView(c.nextSlot(), c.offset(), c.totalLength(), c.data())).toList();
    }
}

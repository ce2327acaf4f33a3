package io.decree.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The loop driven step by step over a recording protocol: batching, group commit, ticks, completions. */
class ProtocolLoopTest {

    /** Adds each command's long payload to a total; results complete at once (like a one-replica cluster). */
    static final class Recording implements Protocol {
        final List<String> events = new ArrayList<>();
        long total;
        int flushes;
        final List<CompletableFuture<byte[]>> held = new ArrayList<>();
        boolean hold;

        @Override public void onMessage(int from, Message message) { events.add("message from " + from); }

        @Override public void onTick() { events.add("tick"); }

        @Override public CompletableFuture<byte[]> submit(Command command) { return submit(command.payload()); }

        @Override public CompletableFuture<byte[]> submit(byte[] payload) {
            events.add("submit");
            total += ByteBuffer.wrap(payload).getLong();
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            if (hold) held.add(f);
            else f.complete(ByteBuffer.allocate(8).putLong(total).array());
            return f;
        }

        @Override public CompletableFuture<Long> reconfigure(Configuration target) {
            events.add("reconfigure to " + target);
            return CompletableFuture.completedFuture((long) target.size());
        }

        @Override public void flush() { flushes++; events.add("flush"); }
    }

    /**
     * Some message: the loop never looks inside. Built from the record's components (all zero) so this test
     * does not break when the message's fields change.
     */
    static final Message ANY_MESSAGE = zeroHeartbeat();

    static Message zeroHeartbeat() {
        try {
            var components = Heartbeat.class.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] zeros = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                if (types[i] != long.class) throw new AssertionError("Heartbeat component " + components[i] + " is not a long");
                zeros[i] = 0L;
            }
            return Heartbeat.class.getDeclaredConstructor(types).newInstance(zeros);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] amount(long v) { return ByteBuffer.allocate(8).putLong(v).array(); }

    static long value(CompletableFuture<byte[]> f) throws Exception { return ByteBuffer.wrap(f.get()).getLong(); }

    @Test void oneFlushPerBatchAndFuturesCompleteOnlyAfterIt() throws Exception {
        Recording p = new Recording();
        long[] clock = {0};
        ProtocolLoop loop = new ProtocolLoop(1, p, 16, 100, () -> clock[0], Long.MAX_VALUE, Runnable::run);
        List<CompletableFuture<byte[]>> fs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) fs.add(loop.submit(new Command(7, i, amount(i))));
        loop.deliver(2, ANY_MESSAGE);
        for (CompletableFuture<byte[]> f : fs) assertFalse(f.isDone(), "nothing completes before the protocol thread runs");
        assertEquals(6, loop.runOnce());
        assertEquals(1, p.flushes, "one flush for the whole batch (group commit)");
        assertEquals(List.of("submit", "submit", "submit", "submit", "submit", "message from 2", "flush"), p.events);
        long[] expected = {1, 3, 6, 10, 15};
        for (int i = 0; i < 5; i++) assertEquals(expected[i], value(fs.get(i)));
        assertEquals(0, loop.runOnce());
        assertEquals(1, p.flushes, "an empty batch without a tick flushes nothing");
    }

    @Test void aReconfigurationTakesTheQueueAndCompletesAfterTheFlushLikeASubmission() throws Exception {
        Recording p = new Recording();
        ProtocolLoop loop = new ProtocolLoop(1, p, 16, 100, () -> 0, Long.MAX_VALUE, Runnable::run);
        loop.submit(amount(1));
        CompletableFuture<Long> change = loop.reconfigure(new Configuration(1, 2, 4));
        assertFalse(change.isDone(), "queued, not yet run");
        loop.runOnce();
        assertEquals(List.of("submit", "reconfigure to [1, 2, 4]", "flush"), p.events, "in queue order, one flush");
        assertEquals(3L, change.get());
        CompletableFuture<Long> queued = loop.reconfigure(new Configuration(1, 2));
        loop.abandon(new ReplicaStoppedException(1));
        assertTrue(queued.isCompletedExceptionally(), "a queued change fails when the loop is abandoned");
    }

    @Test void batchesAreBoundedByMaxBatch() {
        Recording p = new Recording();
        ProtocolLoop loop = new ProtocolLoop(1, p, 16, 2, () -> 0, Long.MAX_VALUE, Runnable::run);
        for (int i = 0; i < 5; i++) loop.submit(amount(1));
        assertEquals(2, loop.runOnce());
        assertEquals(2, loop.runOnce());
        assertEquals(1, loop.runOnce());
        assertEquals(3, p.flushes);
    }

    @Test void ticksOncePerIntervalOfTheClock() {
        Recording p = new Recording();
        long[] clock = {100};
        ProtocolLoop loop = new ProtocolLoop(1, p, 16, 16, () -> clock[0], 1, Runnable::run);
        loop.runOnce(); // due at creation
        loop.runOnce(); // same millisecond: no tick
        clock[0] = 101;
        loop.runOnce();
        clock[0] = 150; // late: one tick, not fifty
        loop.runOnce();
        assertEquals(3, p.events.stream().filter("tick"::equals).count());
        assertEquals(1, loop.millisUntilTick());
    }

    @Test void fullQueueRefusesSubmissionsWithOverload() {
        ProtocolLoop loop = new ProtocolLoop(3, new Recording(), 2, 16, () -> 0, Long.MAX_VALUE, Runnable::run);
        loop.submit(amount(1));
        loop.submit(amount(1));
        CompletableFuture<byte[]> refused = loop.submit(amount(1));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(OverloadedException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("replica 3"), e.getCause().getMessage());
        // Messages queue apart from submissions (MessageRing), with the same bound: a flood of client
        // submissions cannot crowd out the replicas' messages, and a full message queue drops messages.
        assertTrue(loop.deliver(1, ANY_MESSAGE), "messages have their own queue");
        assertTrue(loop.deliver(1, io.decree.engine.message.Flat.COMMIT, 1, 2, 0, null));
        assertFalse(loop.deliver(1, ANY_MESSAGE), "a message to a full queue is dropped");
        assertFalse(loop.deliver(1, io.decree.engine.message.Flat.COMMIT, 1, 3, 0, null), "a flat message to a full queue is dropped");
    }

    @Test void abandonFailsQueuedAndOutstandingExactlyOnce() throws Exception {
        Recording p = new Recording();
        p.hold = true;
        ProtocolLoop loop = new ProtocolLoop(1, p, 16, 16, () -> 0, Long.MAX_VALUE, Runnable::run);
        CompletableFuture<byte[]> outstanding = loop.submit(amount(1));
        loop.runOnce();
        CompletableFuture<byte[]> queued = loop.submit(amount(2));
        assertEquals(1, loop.outstanding());
        loop.abandon(new ReplicaStoppedException(1));
        for (CompletableFuture<byte[]> f : List.of(outstanding, queued))
            assertInstanceOf(ReplicaStoppedException.class, assertThrowsCause(f));
        assertEquals(0, loop.outstanding());
        p.held.getFirst().complete(amount(42)); // a late completion from the protocol is ignored
        assertInstanceOf(ReplicaStoppedException.class, assertThrowsCause(outstanding));
    }

    @Test void completionsRunOnTheGivenExecutorAfterTheFlush() throws Exception {
        Recording p = new Recording();
        List<Runnable> tasks = new ArrayList<>();
        ProtocolLoop loop = new ProtocolLoop(1, p, 16, 16, () -> 0, Long.MAX_VALUE, tasks::add);
        CompletableFuture<byte[]> f = loop.submit(amount(5));
        loop.runOnce();
        assertFalse(f.isDone(), "handed to the executor, not completed on the protocol thread");
        assertEquals(1, tasks.size());
        tasks.getFirst().run();
        assertEquals(5, value(f));
    }

    private static Throwable assertThrowsCause(CompletableFuture<byte[]> f) {
        return org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get).getCause();
    }
}

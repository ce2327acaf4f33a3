package io.decree.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import io.decree.engine.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ShmTransport} between threads of one JVM (the rings are the same files processes would map):
 * ordered delivery across threads, a writer that attaches only once its peer is up, a restarted receiver,
 * a removed member fenced by revocation, and three {@link ReplicaRunner}s that elect and commit over it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShmTransportTest {
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    ShmTransportTest() throws IOException { dir = Files.createTempDirectory("decree-shm-"); }

    @AfterEach void cleanUp() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) c.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private ShmTransport transport(int id, Set<Integer> peers) {
        ShmTransport t = new ShmTransport(id, peers, ShmOptions.defaults(dir).withRingBytes(64 << 10));
        open.add(t);
        return t;
    }

    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state) {
        Await.until(what, Duration.ofSeconds(30), condition, state);
    }

    /** Messages a sink received, in order; the poller thread appends, the test reads under the lock. */
    private static final class Recorded {
        final List<Message> messages = new ArrayList<>();

        synchronized boolean add(int from, Message m) { return messages.add(m); }

        synchronized int size() { return messages.size(); }

        synchronized List<Message> copy() { return List.copyOf(messages); }
    }

    @Test void messagesCrossInOrderFromTheSendingThreadToThePoller() {
        ShmTransport one = transport(1, Set.of(2));
        ShmTransport two = transport(2, Set.of(1));
        Recorded got = new Recorded();
        one.start((f, m) -> true);
        two.start(got::add);
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Message m = new Heartbeat(i, i, i);
            long full = one.stats().droppedBackPressure();
            one.send(1, 2, m);
            if (one.stats().droppedBackPressure() == full) sent.add(m);
            else await("room in the ring", () -> got.size() >= sent.size(), () -> "");
        }
        await("every message sent", () -> got.size() == sent.size(), () -> got.size() + " of " + sent.size());
        assertEquals(sent, got.copy());
        assertEquals(sent.size(), one.stats().framesSent());
        assertEquals(0, two.stats().malformedFrames());
    }

    @Test void aWriterAttachesOnceThePeerIsUpAndAgainAfterItRestarts() {
        ShmTransport one = transport(1, Set.of(2));
        one.start((f, m) -> true);
        one.send(1, 2, new Heartbeat(0, 0, 0));
        assertEquals(1, one.stats().droppedNoConnection(), "no ring yet: dropped, counted");
        ShmTransport two = transport(2, Set.of(1));
        Recorded got = new Recorded();
        two.start(got::add);
        await("a message after the peer came up", () -> {
            one.send(1, 2, new Heartbeat(1, 1, 1));
            return got.size() > 0;
        }, () -> one.stats().toString());
        two.close(); // revokes and removes its rings
        one.send(1, 2, new Heartbeat(2, 2, 2));
        assertTrue(one.stats().droppedRevoked() >= 1, one.stats().toString());
        ShmTransport again = transport(2, Set.of(1));
        Recorded second = new Recorded();
        again.start(second::add);
        await("a message to the restarted peer", () -> {
            one.send(1, 2, new Heartbeat(3, 3, 3));
            return second.size() > 0;
        }, () -> one.stats().toString());
        assertTrue(one.stats().connects() >= 2, one.stats().toString());
    }

    @Test void aRemovedMemberIsRevokedAndNothingItWritesArrives() {
        ShmTransport one = transport(1, Set.of(2, 3));
        ShmTransport three = transport(3, Set.of(1));
        Recorded got = new Recorded();
        one.start(got::add);
        three.start((f, m) -> true);
        await("3 reaches 1", () -> {
            three.send(3, 1, new Heartbeat(1, 1, 1));
            return got.size() > 0;
        }, () -> three.stats().toString());
        one.setPeers(Set.of(2));
        await("1 revokes 3", () -> one.stats().revocations() == 1, () -> one.stats().toString());
        int before = got.size();
        for (int i = 0; i < 10; i++) three.send(3, 1, new Heartbeat(2, 2, 2));
        assertEquals(10, three.stats().droppedRevoked() + three.stats().droppedNoConnection(), three.stats().toString());
        assertEquals(before, got.size());
    }

    @Test void threeReplicasElectALeaderAndCommitOverSharedMemory() throws Exception {
        Configuration members = Configuration.ofSize(3);
        ReplicaRunner[] runners = new ReplicaRunner[3];
        ShmTransport[] transports = new ShmTransport[3];
        for (int id = 1; id <= 3; id++) {
            transports[id - 1] = transport(id, Set.of(1, 2, 3));
            Replica.Builder replica = Replica.builder().configuration(members).options(ReplicaOptions.defaults())
                    .stateMachine(new KvStateMachine()).storage(new InMemoryAcceptorStorage());
            runners[id - 1] = new ReplicaRunner(id, replica, transports[id - 1], RunnerOptions.defaults(0x5EEDL + id));
            open.add(runners[id - 1]);
            transports[id - 1].start(runners[id - 1]::deliver);
        }
        for (ReplicaRunner r : runners) r.start();
        for (int i = 0; i < 200; i++) submitUntilDone(runners, new Command(77, i + 1, KvCommand.put("k" + i, "v" + i).encode()));
        await("every replica applies every command", () -> Stream.of(runners).allMatch(r -> r.applied() >= 200),
                () -> Stream.of(runners).map(r -> String.valueOf(r.applied())).toList().toString());
        for (ShmTransport t : transports) {
            ShmStats.Report s = t.stats();
            assertEquals(0, s.malformedFrames(), s.toString());
            assertTrue(s.framesSent() > 0 && s.framesReceived() > 0, s.toString());
        }
    }

    /**
     * Submits {@code command} to whichever replica leads, again (same session and sequence, so it executes
     * once) if leadership moved or the attempt timed out: on a loaded machine the leader can change mid-run,
     * and a test that pinned the first leader failed once at load 40.
     */
    private static void submitUntilDone(ReplicaRunner[] runners, Command command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            await("a leader", () -> Stream.of(runners).anyMatch(ReplicaRunner::isLeader), () -> "");
            ReplicaRunner leader = Stream.of(runners).filter(ReplicaRunner::isLeader).findFirst().orElse(null);
            if (leader == null) continue; // lost it between the two looks
            try {
                leader.submit(command).get(20, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof io.decree.engine.client.NotLeaderException
                        || e.getCause() instanceof java.util.concurrent.TimeoutException
                        || e.getCause() instanceof io.decree.engine.runtime.OverloadedException)) throw e;
            } catch (java.util.concurrent.TimeoutException e) {
                // no outcome yet: the same sequence again, at whoever leads now
            }
            if (System.nanoTime() - deadline > 0) throw new AssertionError("no outcome for " + command + " within 60 s");
        }
    }
}

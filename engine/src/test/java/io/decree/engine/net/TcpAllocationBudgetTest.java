package io.decree.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Decree;
import io.decree.engine.protocol.DecreeCodec;
import io.decree.engine.protocol.Replica;
import io.decree.engine.protocol.ReplicaOptions;
import io.decree.engine.runtime.ReplicaRunner;
import io.decree.engine.runtime.RunnerOptions;
import io.decree.engine.statemachine.StateMachine;
import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes the protocol threads allocate per committed command in a real 3-replica cluster over TCP and TLS on
 * loopback: the wire path end to end (a client's request decoded on an I/O thread, queued for the leader,
 * 2a/2b/Commit between the replicas' {@link TcpTransport}s, the reply encoded into the client connection's
 * buffer). One client, one command at a time: a decree per command, the most a command can cost.
 *
 * <p>What is excluded, so that the figure is the engine's: the state machine ({@link Register} allocates
 * nothing) and the log ({@link DiscardingStorage} records nothing; a durable log's own cost belongs to the
 * storage benchmarks). The replicas' clock stops once they agree on a leader, so no tick, heartbeat or
 * time-out runs while counting (as in {@code AllocationBudgetTest}). What is left is the engine's per-message
 * work on the protocol threads: queueing, the protocol's bookkeeping, encoding the replies and 2a/2b/Commit.
 * The leader also builds each decree, which is data the log keeps (measured here, {@link #decreeBytes}, and
 * allowed on top of its budget). The budgets are small on purpose: when they were set the least windows
 * measured 5-8 bytes at a follower and 42-51 at the leader beyond the decree (docs/perf.md, "Zero allocation
 * on the wire path"), where a record or queue envelope per message cost a follower about 140 bytes and the
 * leader about 250. The least of the windows measured counts (the JIT may still be compiling in the first; see {@link #MAX_WINDOWS}).
 * Override with {@code -Ddecree.alloc.tcpLeaderBudget=} / {@code tcpFollowerBudget=} to measure without
 * failing. The I/O threads' allocation (TLS, Netty, the decoded decrees and commands) is printed, not budgeted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TcpAllocationBudgetTest {
    private static final int WARM_UP = Integer.getInteger("decree.alloc.tcpWarmUp", 10_000);
    private static final int WINDOW = 2_000;
    /**
     * Windows measured at most. The least window counts, and measuring stops once every replica's least is within
     * its budget. On a loaded machine the JIT may still be compiling (escape analysis not yet applied) after the
     * warm-up, so a fixed count of windows could measure interpreted or C1 code; an engine that really allocates
     * per message stays over budget in every window and fails after the last.
     */
    private static final int MAX_WINDOWS = Integer.getInteger("decree.alloc.tcpMaxWindows", 12);
    /**
     * Leader: bytes per committed command on its protocol thread beyond the decree it proposes. The decree
     * (its object, command array and encoding: what the log keeps) is data, not per-message overhead; its
     * size is measured on this thread ({@link #decreeBytes}) and added to this budget.
     */
    static final long LEADER_BUDGET = Long.getLong("decree.alloc.tcpLeaderBudget", 64);
    /**
     * A follower: bytes per committed command on its protocol thread (its decrees are decoded on the I/O
     * thread). Below one 24-byte object per command, so a record or envelope per message shows.
     */
    static final long FOLLOWER_BUDGET = Long.getLong("decree.alloc.tcpFollowerBudget", 24);
    private static final long CLIENT_ID = 0xA110_C000L;

    private final TestPki pki = new TestPki();
    private final TcpTransport[] transports = new TcpTransport[3];
    private final ReplicaRunner[] runners = new ReplicaRunner[3];
    private final Map<Integer, InetSocketAddress> addresses = new HashMap<>();
    private final byte[] payload = new byte[64];
    private long sequence;

    @Test void protocolThreadsAllocateAlmostNothingPerCommittedCommandOverTcp() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocation per thread");
        AtomicBoolean frozen = new AtomicBoolean();
        long[] frozenAt = new long[1];
        LongSupplier clock = () -> frozen.get() ? frozenAt[0] : System.nanoTime();
        Configuration members = Configuration.ofSize(3);
        // Checkpoints every 4,096 slots: the steady state, where the slot maps are trimmed and reuse their capacity.
        ReplicaOptions options = ReplicaOptions.defaults().withSnapshots(4_096, 64 << 10);
        try {
            for (int id = 1; id <= 3; id++) {
                transports[id - 1] = new TcpTransport(pki.replica(id), TestPki.LOOPBACK_ANY, Map.of(), TestPki.options());
                Replica.Builder replica = Replica.builder().configuration(members).options(options)
                        .stateMachine(new Register()).storage(new DiscardingStorage());
                runners[id - 1] = new ReplicaRunner(id, replica, transports[id - 1], RunnerOptions.defaults(0xA11CL + id), clock);
                addresses.put(id, transports[id - 1].start(MessageSink.of(runners[id - 1])));
            }
            Mesh.introduce(transports, addresses);
            for (ReplicaRunner r : runners) r.start();
            try (ClientConnector connector = new ClientConnector(pki.client(1), TestPki.options())) {
                int leader = 0;
                ClientConnection client = null;
                long started = System.nanoTime();
                // Warm up (the JIT), following the leader: on a loaded machine leadership may move during start-up.
                for (int i = 0; i < WARM_UP; ) {
                    if (client == null || leader != agreedLeader()) {
                        if (client != null) client.close();
                        leader = awaitAgreedLeader();
                        client = connector.connect(addresses.get(leader), leader).get(10, TimeUnit.SECONDS);
                    }
                    if (tryExecute(client)) i++;
                }
                System.out.println("TcpAllocationBudgetTest: warm-up of " + WARM_UP + " commands done in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                // Stop the clock only while every replica agrees on one leader (see AllocationBudgetTest).
                while (true) {
                    boolean ok = tryExecute(client);
                    frozenAt[0] = System.nanoTime();
                    frozen.set(true);
                    if (ok && agreedLeader() == leader) break;
                    frozen.set(false);
                    leader = awaitAgreedLeader();
                    client.close();
                    client = connector.connect(addresses.get(leader), leader).get(10, TimeUnit.SECONDS);
                }
                awaitApplied(runners[leader - 1].applied());
                long[] perCommand = {0, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
                long decree = decreeBytes(threads);
                long[] budget = new long[4];
                for (int id = 1; id <= 3; id++) budget[id] = id == leader ? LEADER_BUDGET + decree : FOLLOWER_BUDGET;
                StringBuilder report = new StringBuilder("TcpAllocationBudgetTest: bytes per committed command, protocol thread (I/O threads), per window:");
                for (int w = 0; w < MAX_WINDOWS && !withinBudget(perCommand, budget); w++) {
                    long[] before = new long[4];
                    long[] ioBefore = new long[4];
                    for (int id = 1; id <= 3; id++) {
                        before[id] = threads.getThreadAllocatedBytes(runners[id - 1].protocolThreadId());
                        ioBefore[id] = ioThreadBytes(threads, id);
                    }
                    for (int i = 0; i < WINDOW; i++) execute(client);
                    awaitApplied(runners[leader - 1].applied());
                    for (int id = 1; id <= 3; id++) {
                        long bytes = (threads.getThreadAllocatedBytes(runners[id - 1].protocolThreadId()) - before[id]) / WINDOW;
                        long io = (ioThreadBytes(threads, id) - ioBefore[id]) / WINDOW;
                        perCommand[id] = Math.min(perCommand[id], bytes);
                        report.append(' ').append(id == leader ? "leader " : "follower ").append(id).append(' ').append(bytes).append(" (").append(io).append(')');
                    }
                    report.append(';');
                }
                assertEquals(leader, agreedLeader(), "no leader change while the clock stood still");
                report.append(" the decree of one command: ").append(decree).append(" bytes");
                System.out.println(report);
                for (int id = 1; id <= 3; id++)
                    assertTrue(perCommand[id] <= budget[id], (id == leader ? "leader " : "follower ") + id + " allocated at least " + perCommand[id]
                            + " bytes per committed command in every window, over its budget of " + budget[id] + " (" + report + ")");
                // The meter must see the protocol threads work: their CPU time moved while the commands ran.
                for (ReplicaRunner r : runners) assertTrue(threads.getThreadCpuTime(r.protocolThreadId()) > 0, "replica " + r.id() + ": no CPU time counted");
            }
        } finally {
            for (ReplicaRunner r : runners) if (r != null) r.close();
            for (TcpTransport t : transports) if (t != null) t.close();
        }
    }

    private static boolean withinBudget(long[] perCommand, long[] budget) {
        for (int id = 1; id <= 3; id++) if (perCommand[id] > budget[id]) return false;
        return true;
    }

    /** Sends one 64-byte command and waits for its reply; true if it was executed (false: NOT_LEADER). */
    private boolean tryExecute(ClientConnection client) throws Exception {
        ClientReply reply = client.request(new ClientRequest(new Command(CLIENT_ID, ++sequence, payload))).get(20, TimeUnit.SECONDS);
        if (reply.status() == ClientReply.Status.NOT_LEADER) return false;
        assertEquals(ClientReply.Status.OK, reply.status(), () -> "command " + sequence + ": " + reply);
        return true;
    }

    /** Sends one 64-byte command to the leader and waits for its OK. */
    private void execute(ClientConnection client) throws Exception {
        ClientReply reply = client.request(new ClientRequest(new Command(CLIENT_ID, ++sequence, payload))).get(20, TimeUnit.SECONDS);
        assertEquals(ClientReply.Status.OK, reply.status(), () -> "command " + sequence + ": " + reply);
    }

    /**
     * Bytes a one-command decree takes as the leader builds it: the decree object, its command array and its
     * encoding (the least of a few builds on this thread, each kept alive so none is optimized away).
     */
    private long decreeBytes(com.sun.management.ThreadMXBean threads) {
        Object[] keep = new Object[16];
        long least = Long.MAX_VALUE;
        int encodedSize = DecreeCodec.encodedSize(Decree.batch(List.of(new Command(CLIENT_ID, 0, payload))));
        for (int i = 0; i < keep.length; i++) {
            Command command = new Command(CLIENT_ID, i, payload);
            long before = threads.getCurrentThreadAllocatedBytes();
            Decree d = Decree.batchWithEncoding(new Command[] {command}, new byte[encodedSize]);
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            keep[i] = d;
            least = Math.min(least, bytes);
        }
        assertTrue(keep[keep.length - 1] != null && least > payload.length, "a decree of a " + payload.length + "-byte command measured " + least + " bytes");
        return least;
    }

    /** Bytes allocated so far by replica {@code id}'s Netty I/O threads (named decree-net-id-...). */
    private static long ioThreadBytes(com.sun.management.ThreadMXBean threads, int id) {
        long sum = 0;
        String prefix = "decree-net-" + id + "-";
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t.getName().startsWith(prefix)) sum += Math.max(0, threads.getThreadAllocatedBytes(t.threadId()));
        return sum;
    }

    private int agreedLeader() {
        int leader = 0;
        for (ReplicaRunner r : runners) if (r.isLeader()) leader = leader == 0 ? r.id() : -1;
        if (leader <= 0) return 0;
        for (ReplicaRunner r : runners) if (r.leaderHint() != leader) return 0;
        return leader;
    }

    private int awaitAgreedLeader() {
        int[] found = {0};
        Await.until("one leader every replica names", 30_000, () -> (found[0] = agreedLeader()) > 0, () -> "");
        return found[0];
    }

    private void awaitApplied(long slots) {
        Await.until("every replica applies " + slots + " slots", 60_000, () -> {
            for (ReplicaRunner r : runners) if (r.applied() < slots) return false;
            return true;
        }, () -> runners[0].applied() + " " + runners[1].applied() + " " + runners[2].applied());
    }

    /** A state machine that allocates nothing: keeps the last command, answers with one shared byte. */
    static final class Register implements StateMachine {
        private static final byte[] OK = {1};
        private byte[] last = new byte[0];
        private long applied;

        @Override public void validate(byte[] command) {}

        @Override public byte[] apply(byte[] command) {
            last = command;
            applied++;
            return OK;
        }

        @Override public byte[] snapshot() { return last.clone(); }

        @Override public void restore(byte[] snapshot) { last = snapshot.clone(); }

        @Override public long digest() { return applied; }
    }

    /** Storage that keeps nothing: the engine's allocation without a log's (no replica restarts here). */
    static final class DiscardingStorage implements AcceptorStorage {
        @Override public void recordPromise(long ballot) {}

        @Override public void recordVote(long slot, long ballot, byte[] decree) {}

        @Override public void recordChosen(long slot, byte[] decree) {}

        @Override public void sync() {}

        @Override public RecoveredState recover() { return RecoveredState.empty(); }

        @Override public void saveSnapshot(long nextSlot, byte[] snapshot) {}

        @Override public void truncateBelow(long slot) {}

        @Override public void close() {}
    }
}

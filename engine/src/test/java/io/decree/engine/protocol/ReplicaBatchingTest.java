package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.message.Phase2a;
import io.decree.engine.message.Preempted;
import io.decree.engine.statemachine.KvCommand;
import io.decree.engine.statemachine.KvStateMachine;
import io.decree.engine.storage.InMemoryAcceptorStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The leader proposes once per turn ({@link Replica#flush()}), not after every event: the client commands that
 * arrive between two flushes share a decree (up to {@code maxBatchCommands}), and a leader that steps down
 * before the flush proposes none of them and tells their clients to go elsewhere. Three replicas on one thread,
 * a network of queues, a clock that moves only when told.
 */
class ReplicaBatchingTest {
    private static final int CLIENT = 1_000;

    @Test void commandsOfOneTurnShareOneDecree() {
        Cluster c = new Cluster(ReplicaOptions.defaults());
        int leader = c.elect();
        for (int i = 1; i <= 5; i++) c.replica(leader).onMessage(CLIENT, request(i));
        assertEquals(List.of(), c.sent(leader, Phase2a.class), "nothing is proposed before the turn ends");
        c.replica(leader).flush();
        List<Phase2a> proposals = c.sent(leader, Phase2a.class);
        assertEquals(3, proposals.size(), "one 2a to each of the three members: " + proposals);
        for (Phase2a p : proposals) assertEquals(5, p.decree().size(), "the decree holds the turn's five commands: " + p);
        c.settle();
        assertEquals(5, c.replies(ClientReply.Status.OK), "every command executed and answered");
    }

    @Test void aTurnLargerThanTheBatchLimitFillsSeveralDecrees() {
        Cluster c = new Cluster(ReplicaOptions.defaults().withMaxBatchCommands(2));
        int leader = c.elect();
        for (int i = 1; i <= 5; i++) c.replica(leader).onMessage(CLIENT, request(i));
        c.replica(leader).flush();
        List<Integer> sizes = new ArrayList<>();
        for (Phase2a p : c.sent(leader, leader, Phase2a.class)) sizes.add(p.decree().size());
        assertEquals(List.of(2, 2, 1), sizes, "five commands in decrees of at most two, in arrival order");
        c.settle();
        assertEquals(5, c.replies(ClientReply.Status.OK));
    }

    @Test void aLeaderPreemptedWithinTheTurnProposesNothingAndRedirectsItsClients() {
        Cluster c = new Cluster(ReplicaOptions.defaults());
        int leader = c.elect();
        long ballot = c.replica(leader).ballot();
        for (int i = 1; i <= 3; i++) c.replica(leader).onMessage(CLIENT, request(i));
        c.replica(leader).onMessage(leader % 3 + 1, new Preempted(ballot, Ballot.next(ballot, leader % 3 + 1)));
        c.replica(leader).flush();
        assertEquals(List.of(), c.sent(leader, Phase2a.class), "a follower proposes nothing at the end of the turn");
        assertEquals(3, c.replies(ClientReply.Status.NOT_LEADER), "the queued commands go back to their clients");
        assertTrue(c.replica(leader).role() != Proposer.Role.LEADER);
    }

    private static ClientRequest request(int client) {
        return new ClientRequest(new Command(client, 1, KvCommand.put("k" + client, "v").encode()));
    }

    /** Three replicas, a queue of (from, to, message), and a record of what each replica sent since the last look. */
    private static final class Cluster {
        private final Replica[] replicas = new Replica[4];
        private final ArrayDeque<Object[]> network = new ArrayDeque<>();
        private final List<Object[]> sent = new ArrayList<>();
        private long now = 1_000;

        Cluster(ReplicaOptions options) {
            for (int id = 1; id <= 3; id++) {
                int self = id;
                RandomGenerator random = new SplittableRandom(id);
                Environment env = new Environment() {
                    @Override public long now() { return now; }

                    @Override public RandomGenerator random() { return random; }

                    @Override public void send(int to, Message message) {
                        Object[] m = {self, to, message};
                        sent.add(m);
                        network.add(m);
                    }
                };
                replicas[id] = Replica.builder().id(id).configuration(Configuration.ofSize(3)).options(options)
                        .environment(env).stateMachine(new KvStateMachine()).storage(new InMemoryAcceptorStorage()).build();
            }
        }

        Replica replica(int id) { return replicas[id]; }

        /** Ticks a millisecond at a time until one replica leads and all know it; then forgets what was sent. */
        int elect() {
            for (int step = 0; step < 10_000; step++) {
                now++;
                for (int id = 1; id <= 3; id++) {
                    replicas[id].onTick();
                    replicas[id].flush();
                }
                settle();
                for (int id = 1; id <= 3; id++)
                    if (replicas[id].role() == Proposer.Role.LEADER && replicas[1].leaderHint() == id
                            && replicas[2].leaderHint() == id && replicas[3].leaderHint() == id) {
                        sent.clear();
                        return id;
                    }
            }
            throw new AssertionError("no leader after 10 s of simulated time");
        }

        /** Delivers every message, each followed by the receiver's flush, until none is left. */
        void settle() {
            Object[] m;
            while ((m = network.poll()) != null) {
                int to = (int) m[1];
                if (to < 1 || to > 3) continue;
                replicas[to].onMessage((int) m[0], (Message) m[2]);
                replicas[to].flush();
            }
        }

        <T extends Message> List<T> sent(int from, Class<T> type) { return sent(from, 0, type); }

        /** What {@code from} sent to {@code to} (0: to anyone) since the election, in order. */
        <T extends Message> List<T> sent(int from, int to, Class<T> type) {
            List<T> out = new ArrayList<>();
            for (Object[] m : sent)
                if ((int) m[0] == from && (to == 0 || (int) m[1] == to) && type.isInstance(m[2])) out.add(type.cast(m[2]));
            return out;
        }

        int replies(ClientReply.Status status) {
            int n = 0;
            for (Object[] m : sent) if ((int) m[1] == CLIENT && m[2] instanceof ClientReply r && r.status() == status) n++;
            return n;
        }
    }
}

package io.decree.engine.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * How the client follows leader hints when the replicas' hints are wrong. The 5-replica long-tier fault run
 * (seed 20261203, a majority/minority partition) stalled for 60 s: the old leader and another replica, both
 * on the minority side, named each other as leader, and the client bounced between them without asking the
 * majority, which had elected a leader.
 */
class DecreeClientHintTest {
    private static final byte[] OK = "done".getBytes(StandardCharsets.UTF_8);

    /** Replies by script: {@code hints} maps a replica to the hint it gives with NOT_LEADER; {@code leader} answers OK. */
    private static final class ScriptedChannel implements ClientChannel {
        final List<Integer> asked = new CopyOnWriteArrayList<>();
        private final Map<Integer, Integer> hints;
        private final int leader;

        ScriptedChannel(Map<Integer, Integer> hints, int leader) {
            this.hints = hints;
            this.leader = leader;
        }

        @Override public CompletableFuture<ClientReply> send(int replica, ClientRequest request) {
            asked.add(replica);
            var c = request.command();
            if (replica == leader) return CompletableFuture.completedFuture(ClientReply.ok(c.clientId(), c.sequence(), OK));
            return CompletableFuture.completedFuture(ClientReply.notLeader(c.clientId(), c.sequence(), hints.getOrDefault(replica, 0)));
        }

        @Override public void close() {}
    }

    @Test
    void hintsThatNameEachOtherDoNotTrapTheClient() throws Exception {
        // Minority {1, 4} name each other; 2 and 3 name the real leader 5 but are never reached by hints.
        ScriptedChannel channel = new ScriptedChannel(Map.of(1, 4, 4, 1, 2, 5, 3, 5), 5);
        try (DecreeClient client = new DecreeClient(channel, new int[] {1, 2, 3, 4, 5}, 42, new DecreeClient.Options(200, 2_000))) {
            assertArrayEquals(OK, client.execute("put k v".getBytes(StandardCharsets.UTF_8)));
            assertEquals(5, client.leader());
        }
        // 1 names 4, 4 names 1 (asked already): the client moves on in turn to 5, the leader.
        assertEquals(List.of(1, 4, 5), channel.asked);
    }

    @Test
    void aCircleOfHintsFallsBackToTheNextMemberInTurn() throws Exception {
        // 1 -> 2 -> 1: after both, the next member after 1 in turn is 2 (asked), so 3, which leads.
        ScriptedChannel channel = new ScriptedChannel(Map.of(1, 2, 2, 1), 3);
        try (DecreeClient client = new DecreeClient(channel, new int[] {1, 2, 3}, 43, new DecreeClient.Options(200, 2_000))) {
            assertArrayEquals(OK, client.execute(new byte[] {1}));
        }
        assertEquals(List.of(1, 2, 3), channel.asked);
    }

    @Test
    void withNoLeaderAnywhereTheClientBacksOffInsteadOfSpinning() {
        // Every replica names another; none leads. Before the fix the client asked 1, 4, 1, 4, ... without a
        // pause until its deadline (hundreds of thousands of requests); now each round asks every member once
        // and then backs off (5 ms doubling to 100 ms), so 300 ms allow only a few rounds.
        ScriptedChannel channel = new ScriptedChannel(Map.of(1, 4, 4, 1, 2, 3, 3, 2, 5, 1), 0);
        try (DecreeClient client = new DecreeClient(channel, new int[] {1, 2, 3, 4, 5}, 44, new DecreeClient.Options(100, 300))) {
            TimeoutException e = assertThrows(TimeoutException.class, () -> client.execute(new byte[] {2}));
            assertTrue(e.getMessage().contains("no replica answered as leader"), e.getMessage());
        }
        int asked = channel.asked.size();
        assertTrue(asked >= 5 && asked <= 5 * 12, "each round asks each of the 5 members once, then backs off: asked " + asked + " times");
        for (int i = 0; i + 5 <= asked; i += 5)
            assertEquals(5, channel.asked.subList(i, i + 5).stream().distinct().count(), "round " + i / 5 + " asked every member once: " + channel.asked);
    }
}

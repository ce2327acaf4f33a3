package io.decree.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.message.Commit;
import io.decree.engine.message.Message;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Boundaries the PIT run left open (docs/verification.md, "Mutation score (PIT)"): one check each. */
class ProtocolEdgesTest {

    @Test
    void aSendBufferKeepsEveryMessageInOrderPastItsInitialCapacity() {
        List<Long> slots = new ArrayList<>();
        Environment env = new Environment() {
            final SplittableRandom random = new SplittableRandom(1);

            @Override public long now() { return 0; }

            @Override public RandomGenerator random() { return random; }

            @Override public void send(int to, Message message) { slots.add(((Commit) message).slot() * 10 + to); }
        };
        SendBuffer buffer = new SendBuffer();
        for (int i = 0; i < 40; i++) buffer.add(i % 3 + 1, new Commit(1, i));
        buffer.sendAll(env);
        assertEquals(40, slots.size());
        for (int i = 0; i < 40; i++) assertEquals(i * 10L + i % 3 + 1, slots.get(i), "message " + i);
        buffer.sendAll(env);
        assertEquals(40, slots.size(), "a second flush sends nothing again");
    }

    @Test
    void theSmallestConfigurationAndWindowAreAllowed() {
        assertEquals(new Configuration(1), Configuration.ofSize(1));
        assertEquals(1, new ConfigHistory(Configuration.ofSize(1), 1).alpha());
        assertEquals(1, new Configuration(1).member(0), "replica id 1 is the smallest");
    }

    @Test
    void aReusedLeaseRoundForgetsTheGrantsOfTheRoundItReplaces() {
        LeaderLease l = new LeaderLease(ReplicaOptions.defaults(), Mutants.none(), Configuration::quorumSize);
        l.begin(0);
        List<Configuration> window = List.of(new Configuration(1, 2, 3));
        long r = l.open(10);
        l.grant(1, r, window); // one grant of three: no lease
        for (int i = 0; i < 15; i++) l.open(20 + i);
        long reused = l.open(100); // the 16th round after r takes r's place in the ring
        assertEquals(r + 16, reused);
        l.grant(2, reused, window);
        assertFalse(l.covers(100, window), "replica 1 granted round r, not this one: one grant is no quorum");
        l.grant(3, reused, window);
        assertTrue(l.covers(100, window));
    }

    @Test
    void aNoOpIsEncodedWithItsOwnKindInAFreshBuffer() {
        ByteBuffer out = ByteBuffer.allocate(DecreeCodec.encodedSize(Decree.NOOP));
        DecreeCodec.encode(Decree.NOOP, out); // not Decree.NOOP.encoded(): that one is cached once per JVM
        assertEquals(DecreeCodec.KIND_NOOP, out.get(0));
        assertEquals(0, out.getInt(1));
    }
}

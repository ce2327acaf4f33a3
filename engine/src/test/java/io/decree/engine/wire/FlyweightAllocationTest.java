package io.decree.engine.wire;

import io.decree.engine.message.Message;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.RandomnessSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * Routing a frame costs no allocation: validating every field through the flyweight and reading the type
 * and clock off the header allocates nothing, and neither does encoding (a decree goes out as its cached
 * bytes). Measured with the thread's allocation counter over many frames of every type, on a heap and a
 * native buffer; materialising records ({@link WireCodec#decode}) is the one allocating step, by design.
 */
class FlyweightAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 200;

    @Test
    void validatingAndRoutingAndEncodingAllocateNothingPerFrame() {
        List<Message> messages = new ArrayList<>();
        qt().withFixedSeed(13).withExamples(300).forAll(new MessageGen(64)).check(messages::add);
        WireCodec codec = new WireCodec();
        for (UnsafeBuffer buffer : new UnsafeBuffer[] {new UnsafeBuffer(new byte[1 << 20]), new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20))}) {
            int[] offsets = new int[messages.size() + 1];
            long sum = 0;
            for (int round = 0; round < ROUNDS + 1; round++) {
                // Round 0 warms up (class loading, first decree encodings); the rest are measured.
                long before = THREADS.getCurrentThreadAllocatedBytes();
                int at = 0;
                for (int i = 0; i < messages.size(); i++) {
                    offsets[i] = at;
                    at += codec.encode(messages.get(i), round, buffer, at);
                }
                offsets[messages.size()] = at;
                for (int i = 0; i < messages.size(); i++) {
                    int length = offsets[i + 1] - offsets[i];
                    MessageType type = codec.validate(buffer, offsets[i], length);
                    FrameFlyweight frame = codec.frame();
                    sum += type.code() + frame.clock() + frame.payloadLength();
                }
                long used = THREADS.getCurrentThreadAllocatedBytes() - before;
                if (round == 0) continue;
                assertTrue(used < 1024, "round " + round + ": encoding and validating " + messages.size() + " frames allocated " + used + " bytes");
            }
            assertTrue(sum != 0);
        }
    }

    @Test
    void theCounterSeesAllocation() {
        // Positive control: decoding materialises records, and the same counter reports it.
        WireCodec codec = new WireCodec();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int length = codec.encode(new io.decree.engine.message.Heartbeat(1, 2, 3), 0, buffer, 0);
        codec.decode(buffer, 0, length);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Message m = null;
        for (int i = 0; i < 1000; i++) m = codec.decode(buffer, 0, length);
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(new io.decree.engine.message.Heartbeat(1, 2, 3), m);
        assertTrue(used >= 1000 * 24, "1000 decoded heartbeats allocated only " + used + " bytes");
    }
}

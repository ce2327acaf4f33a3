package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_SEND_SIGNALED;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_RECV_WR;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_SEND_WR;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The work requests {@link SendRequests} and {@link RecvRequests} encode are byte for byte the ones C code
 * builds through verbs.h ({@code verbs_encodings.c}), apart from the two pointers ({@code next},
 * {@code sg_list}), which point into native memory and are checked against the addresses they must hold.
 */
class SendRequestsTest {
    private static final long NEXT = offset(IBV_SEND_WR, "next");
    private static final long SG_LIST = offset(IBV_SEND_WR, "sg_list");

    @Test
    void writeWithImmediateIsEncodedAsCEncodesIt() {
        try (Arena arena = Arena.ofConfined()) {
            SendRequests requests = new SendRequests(arena, 2);
            requests.rdmaWriteWithImm(0x1122334455667788L, 0x00007f0000003000L, 4096, 0x5678, 0x00007f0000001000L,
                    0x00abcdef, IBV_SEND_SIGNALED, 0xCAFE0001);
            assertArrayEquals(CLayoutProgram.bytes("send_wr.write_with_imm"), withoutPointers(requests.request(0)));
            assertArrayEquals(CLayoutProgram.bytes("sge"), requests.element(0).toArray(JAVA_BYTE));
            assertEquals(requests.element(0).address(), requests.request(0).get(ADDRESS, SG_LIST).address());
            assertEquals(0L, requests.request(0).get(ADDRESS, NEXT).address());
        }
    }

    @Test
    void aChainLinksEachRequestToTheNextAndTheLastToNull() {
        try (Arena arena = Arena.ofConfined()) {
            SendRequests requests = new SendRequests(arena, 3);
            requests.rdmaWrite(7, 0x1000, 64, 1, 0x00007f0000002040L, 0x1234, 0);
            requests.send(9, 0x2000, 16, 2, IBV_SEND_SIGNALED);
            assertEquals(2, requests.count());
            assertEquals(requests.request(1).address(), requests.request(0).get(ADDRESS, NEXT).address());
            assertEquals(0L, requests.request(1).get(ADDRESS, NEXT).address());
            assertEquals(requests.head().address(), requests.request(0).address());
            assertArrayEquals(CLayoutProgram.bytes("send_wr.write"), withoutPointers(requests.request(0)));
            assertArrayEquals(CLayoutProgram.bytes("send_wr.send"), withoutPointers(requests.request(1)));
            assertEquals(1, requests.indexOf(requests.request(1)));
            assertEquals(-1, requests.indexOf(requests.element(0)));
        }
    }

    @Test
    void reusingASlotLeavesNothingOfTheRequestBefore() {
        try (Arena arena = Arena.ofConfined()) {
            SendRequests requests = new SendRequests(arena, 1);
            requests.rdmaWriteWithImm(1, 0x1000, 8, 1, 0x3000, 3, IBV_SEND_SIGNALED, 0x7fffffff);
            requests.clear();
            requests.send(9, 0x2000, 16, 2, IBV_SEND_SIGNALED);
            // no stale immediate, remote address or rkey from the WRITE_WITH_IMM
            assertArrayEquals(CLayoutProgram.bytes("send_wr.send"), withoutPointers(requests.request(0)));
            assertThrows(IllegalStateException.class, () -> requests.send(10, 0x2000, 16, 2, 0));
        }
    }

    @Test
    void anEmptyReceiveIsEncodedAsCEncodesIt() {
        try (Arena arena = Arena.ofConfined()) {
            RecvRequests receive = new RecvRequests(arena);
            receive.into(5, 0x1000, 64, 9);
            receive.empty(42);   // rewritten in place: the buffer of the receive before must not survive
            assertArrayEquals(CLayoutProgram.bytes("recv_wr.empty"), receive.request().toArray(JAVA_BYTE));
            assertEquals(IBV_RECV_WR.byteSize(), receive.request().byteSize());
        }
    }

    /** The request's bytes with {@code next} and {@code sg_list} zeroed, as the C side leaves them. */
    private static byte[] withoutPointers(MemorySegment request) {
        byte[] bytes = request.toArray(JAVA_BYTE);
        java.util.Arrays.fill(bytes, (int) NEXT, (int) NEXT + 8, (byte) 0);
        java.util.Arrays.fill(bytes, (int) SG_LIST, (int) SG_LIST + 8, (byte) 0);
        return bytes;
    }

    @Test
    void encodingAllocatesNothingOnTheHeap() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        try (Arena arena = Arena.ofConfined()) {
            SendRequests requests = new SendRequests(arena, 2);
            long checksum = 0;
            for (int round = 0; round < 2; round++) {   // round 0 warms up (class init, first calls)
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 100_000; i++) {
                    requests.clear();
                    requests.rdmaWrite(i, 0x1000 + i, 64, 1, 0x2000 + i, 2, 0);
                    requests.rdmaWrite(i + 1, 0x3000, 8, 1, 0x4000, 2, IBV_SEND_SIGNALED);
                    checksum += requests.count();
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 1) assertTrue(allocated < 4096, allocated + " bytes allocated for 200,000 work requests");
            }
            assertEquals(400_000, checksum);
        }
    }
}

package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_SEND_SIGNALED;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WC_RDMA_WRITE;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WC_RECV;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WC_RECV_RDMA_WITH_IMM;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WC_SUCCESS;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_WC_WITH_IMM;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every verb of the bindings on a real device, without the ring: two RC queue pairs on one port connected to
 * each other, then RDMA WRITE, WRITE_WITH_IMM (with a posted receive and the immediate in its completion) and
 * SEND, each checked in the target memory and the completion queues. Skipped with the reason when there is no
 * device ({@link SkipWithoutRdma}).
 */
class VerbsLoopbackTest {

    @Test void writeWriteWithImmediateAndSendBetweenTwoQueuePairs() {
        VerbsOptions options = VerbsOptions.fromSystemProperties();
        try (VerbsDevice device = VerbsDevice.open(Ibverbs.get(), options.device(), options.port(), options.gidIndex());
             Arena arena = Arena.ofConfined()) {
            MemorySegment source = arena.allocate(4096, 4096);
            MemorySegment target = arena.allocate(4096, 4096);
            try (MemoryRegion sourceMr = device.register(source, RegionUse.SOURCE);
                 MemoryRegion targetMr = device.register(target, RegionUse.RING);
                 CompletionQueue cqA = new CompletionQueue(device.lib, device, arena, 16, 8);
                 CompletionQueue cqB = new CompletionQueue(device.lib, device, arena, 16, 8);
                 QueuePair a = new QueuePair(device, arena, cqA, cqA, 8, 8, 100);
                 QueuePair b = new QueuePair(device, arena, cqB, cqB, 8, 8, 200)) {
                a.connect(b.endpoint());
                b.connect(a.endpoint());
                SendRequests send = new SendRequests(arena, 2);
                RecvRequests recv = new RecvRequests(arena);

                source.set(JAVA_LONG, 0, 0x0123_4567_89ab_cdefL);
                send.rdmaWrite(1, sourceMr.address(), 8, sourceMr.lkey(), targetMr.address() + 64, targetMr.rkey(), IBV_SEND_SIGNALED);
                a.post(send);
                assertEquals(IBV_WC_RDMA_WRITE, awaitOne(cqA, 1).opcode);
                assertEquals(0x0123_4567_89ab_cdefL, target.get(JAVA_LONG, 64));

                recv.empty(7);
                b.post(recv);
                source.set(JAVA_LONG, 8, 42L);
                send.clear();
                send.rdmaWriteWithImm(2, sourceMr.address() + 8, 8, sourceMr.lkey(), targetMr.address() + 128,
                        targetMr.rkey(), IBV_SEND_SIGNALED, 0xCAFE0001);
                a.post(send);
                awaitOne(cqA, 2);
                Completion imm = awaitOne(cqB, 7);
                assertEquals(IBV_WC_RECV_RDMA_WITH_IMM, imm.opcode);
                assertTrue((imm.flags & IBV_WC_WITH_IMM) != 0);
                assertEquals(0xCAFE0001, imm.immediate);
                assertEquals(42L, target.get(JAVA_LONG, 128));

                recv.into(8, targetMr.address() + 256, 64, targetMr.lkey());
                b.post(recv);
                source.set(JAVA_BYTE, 16, (byte) 'D');
                send.clear();
                send.send(3, sourceMr.address() + 16, 1, sourceMr.lkey(), IBV_SEND_SIGNALED);
                a.post(send);
                awaitOne(cqA, 3);
                assertEquals(IBV_WC_RECV, awaitOne(cqB, 8).opcode);
                assertEquals((byte) 'D', target.get(JAVA_BYTE, 256));
            }
        }
    }

    private record Completion(int opcode, int flags, int immediate) {}

    private static Completion awaitOne(CompletionQueue cq, long wrId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            int n = cq.poll();
            for (int i = 0; i < n; i++) {
                assertEquals(IBV_WC_SUCCESS, cq.status(i), () -> "completion of " + wrId + ": " + "status");
                if (cq.wrId(i) == wrId) return new Completion(cq.opcode(i), cq.flags(i), cq.immediate(i));
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no completion of work request " + wrId + " in 10 s");
    }
}

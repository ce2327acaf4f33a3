package io.decree.engine.storage.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.decree.engine.storage.pmem.PmemRecorder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Production's {@link PmemSegment#LIBPMEM} mapper hands each durability call and the unmap to libpmem with the
 * range it was given. The power-loss tests replace the mapper to record what was persisted, so only this test
 * runs its own methods, against a binding that records the calls ({@link PmemRecorder}; skipped without gcc).
 */
class PmemMapperDefaultsTest {
    @Test
    void theProductionMapperCallsLibpmemWithTheRangeItWasGiven() throws Exception {
        PmemRecorder recorder = PmemRecorder.get();
        recorder.answer(0, false);
        PmemSegment.Mapper mapper = PmemSegment.LIBPMEM;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(8192, 4096);

            long persists = recorder.persistCalls();
            mapper.persist(recorder.pmem, memory, 64, 32);
            assertEquals(persists + 1, recorder.persistCalls(), "persist did not reach pmem_persist");
            assertEquals(memory.address() + 64, recorder.lastAddress());
            assertEquals(32, recorder.lastLength());

            long msyncs = recorder.msyncCalls();
            mapper.msync(recorder.pmem, memory, 4096, 10);
            assertEquals(msyncs + 1, recorder.msyncCalls(), "msync did not reach pmem_msync");
            assertEquals(memory.address() + 4096, recorder.lastAddress());
            assertEquals(10, recorder.lastLength());

            long copies = recorder.memcpyPersistCalls();
            mapper.memcpyPersist(recorder.pmem, memory, 16, arena.allocate(8));
            assertEquals(copies + 1, recorder.memcpyPersistCalls(), "memcpyPersist did not reach pmem_memcpy_persist");
            assertEquals(memory.address() + 16, recorder.lastAddress());

            long unmaps = recorder.unmapCalls();
            mapper.unmap(recorder.pmem, memory);
            assertEquals(unmaps + 1, recorder.unmapCalls(), "unmap did not reach pmem_unmap");
            assertEquals(memory.address(), recorder.lastAddress());
            assertEquals(8192, recorder.lastLength());
        }
    }
}

package io.decree.engine.storage.pmem;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binding's durability calls reach the library with the right range. Over a page cache (no pmem, no power
 * loss) a binding that skipped {@code pmem_persist} or {@code pmem_msync}, or passed the wrong address, loses
 * nothing any other test can see; here {@link LibPmem} is bound to a stand-in library ({@code pmem_recorder.c},
 * built with gcc) that counts each call and keeps its arguments. Skipped, saying why, without gcc.
 */
@SuppressWarnings("restricted")
class LibPmemRecorderTest {
    private static LibPmem pmem;
    private static MethodHandle persistCalls, msyncCalls, memcpyPersistCalls, lastAddress, lastLength, set;

    @BeforeAll
    static void buildTheRecorder() throws Exception {
        Path dir = Files.createTempDirectory("decree-pmem-recorder");
        Path source = dir.resolve("pmem_recorder.c");
        try (InputStream in = LibPmemRecorderTest.class.getResourceAsStream("pmem_recorder.c")) {
            if (in == null) throw new AssertionError("pmem_recorder.c is not on the test classpath");
            Files.write(source, in.readAllBytes());
        }
        Path library = dir.resolve("libpmem_recorder.so");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O0", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "gcc is not installed (" + e.getMessage() + "): libpmem's binding is not checked against a recording library; apt-get install -y gcc";
            System.out.println("[decree] skipped: " + why);
            Assumptions.abort(why);
            return;
        }
        String output = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS), "gcc did not finish in 120 s");
        assertEquals(0, gcc.exitValue(), () -> "gcc failed on pmem_recorder.c: " + output);
        pmem = LibPmem.load(library.toString());
        SymbolLookup recorder = SymbolLookup.libraryLookup(library, Arena.global());
        Linker linker = Linker.nativeLinker();
        persistCalls = linker.downcallHandle(recorder.findOrThrow("recorder_persist_calls"), FunctionDescriptor.of(JAVA_LONG));
        msyncCalls = linker.downcallHandle(recorder.findOrThrow("recorder_msync_calls"), FunctionDescriptor.of(JAVA_LONG));
        memcpyPersistCalls = linker.downcallHandle(recorder.findOrThrow("recorder_memcpy_persist_calls"), FunctionDescriptor.of(JAVA_LONG));
        lastAddress = linker.downcallHandle(recorder.findOrThrow("recorder_last_addr"), FunctionDescriptor.of(JAVA_LONG));
        lastLength = linker.downcallHandle(recorder.findOrThrow("recorder_last_len"), FunctionDescriptor.of(JAVA_LONG));
        set = linker.downcallHandle(recorder.findOrThrow("recorder_set"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT));
    }

    private static long call(MethodHandle counter) throws Throwable { return (long) counter.invokeExact(); }

    @Test
    void persistFlushesExactlyTheRangeAsked() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(4096, 64);
            long before = call(persistCalls);
            pmem.persist(memory, 128, 200);
            assertEquals(before + 1, call(persistCalls), "pmem_persist was not called once");
            assertEquals(memory.address() + 128, call(lastAddress), "pmem_persist was given another address");
            assertEquals(200, call(lastLength), "pmem_persist was given another length");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> pmem.persist(memory, 4000, 200),
                    "a range past the mapping must be refused");
            assertTrue(refused.getCause() instanceof IndexOutOfBoundsException, () -> "refused for another reason: " + refused.getCause());
            assertEquals(before + 1, call(persistCalls), "a refused range must not reach libpmem");
        }
    }

    @Test
    void msyncSyncsTheRangeAskedAndReportsItsFailure() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(8192, 4096);
            set.invokeExact(0, 0);
            long before = call(msyncCalls);
            pmem.msync(memory, 4096, 100);
            assertEquals(before + 1, call(msyncCalls), "pmem_msync was not called once");
            assertEquals(memory.address() + 4096, call(lastAddress));
            assertEquals(100, call(lastLength));
            set.invokeExact(-1, 0);
            IOException e = assertThrows(IOException.class, () -> pmem.msync(memory, 0, 10));
            assertEquals("pmem_msync failed: the recorder's msync failed", e.getMessage());
            set.invokeExact(0, 0);
        }
    }

    @Test
    void isPmemIsLibpmemsAnswer() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(64);
            set.invokeExact(0, 1);
            assertTrue(pmem.isPmem(memory));
            set.invokeExact(0, 0);
            assertFalse(pmem.isPmem(memory));
        }
    }

    @Test
    void memcpyPersistCopiesAndPersistsAtTheOffset() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(256);
            MemorySegment source = arena.allocateFrom(JAVA_BYTE, (byte) 7, (byte) 8, (byte) 9);
            long before = call(memcpyPersistCalls);
            pmem.memcpyPersist(memory, 100, source);
            assertEquals(before + 1, call(memcpyPersistCalls));
            assertEquals(memory.address() + 100, call(lastAddress));
            assertEquals(3, call(lastLength));
            assertArrayEquals(new byte[] {7, 8, 9}, memory.asSlice(100, 3).toArray(JAVA_BYTE));
        }
    }
}

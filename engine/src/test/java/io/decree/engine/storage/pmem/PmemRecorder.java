package io.decree.engine.storage.pmem;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link LibPmem} bound to a stand-in library ({@code pmem_recorder.c}, built once per JVM with gcc) that counts
 * each durability call and keeps its last address and length. Over a page cache a skipped or misaddressed
 * {@code pmem_persist} or {@code pmem_msync} loses nothing a test can see; through this binding it shows.
 * Without gcc, every test that asks for it is skipped, with the reason printed.
 */
@SuppressWarnings("restricted")
public final class PmemRecorder {
    private static PmemRecorder instance;
    private static String unavailable;

    public final LibPmem pmem;
    private final MethodHandle persistCalls, msyncCalls, memcpyPersistCalls, unmapCalls, lastAddress, lastLength, set;

    private PmemRecorder(Path library) {
        pmem = LibPmem.load(library.toString());
        SymbolLookup recorder = SymbolLookup.libraryLookup(library, Arena.global());
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor counter = FunctionDescriptor.of(JAVA_LONG);
        persistCalls = linker.downcallHandle(recorder.findOrThrow("recorder_persist_calls"), counter);
        msyncCalls = linker.downcallHandle(recorder.findOrThrow("recorder_msync_calls"), counter);
        memcpyPersistCalls = linker.downcallHandle(recorder.findOrThrow("recorder_memcpy_persist_calls"), counter);
        unmapCalls = linker.downcallHandle(recorder.findOrThrow("recorder_unmap_calls"), counter);
        lastAddress = linker.downcallHandle(recorder.findOrThrow("recorder_last_addr"), counter);
        lastLength = linker.downcallHandle(recorder.findOrThrow("recorder_last_len"), counter);
        set = linker.downcallHandle(recorder.findOrThrow("recorder_set"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT));
    }

    /** The recorder, built on first use; skips the calling test (saying why) where gcc is missing. */
    public static synchronized PmemRecorder get() throws IOException, InterruptedException {
        if (instance == null && unavailable == null) instance = build();
        if (unavailable != null) {
            System.out.println("[decree] skipped: " + unavailable);
            Assumptions.abort(unavailable);
        }
        return instance;
    }

    private static PmemRecorder build() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("decree-pmem-recorder");
        Path source = dir.resolve("pmem_recorder.c");
        try (InputStream in = PmemRecorder.class.getResourceAsStream("pmem_recorder.c")) {
            if (in == null) throw new AssertionError("pmem_recorder.c is not on the test classpath");
            Files.write(source, in.readAllBytes());
        }
        Path library = dir.resolve("libpmem_recorder.so");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O0", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            unavailable = "gcc is not installed (" + e.getMessage() + "): libpmem's binding is not checked against a recording library; apt-get install -y gcc";
            return null;
        }
        String output = new String(gcc.getInputStream().readAllBytes());
        if (!gcc.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("gcc did not finish in 120 s");
        if (gcc.exitValue() != 0) throw new AssertionError("gcc failed on pmem_recorder.c: " + output);
        return new PmemRecorder(library);
    }

    public long persistCalls() { return read(persistCalls); }
    public long msyncCalls() { return read(msyncCalls); }
    public long memcpyPersistCalls() { return read(memcpyPersistCalls); }
    public long unmapCalls() { return read(unmapCalls); }
    /** The address the last recorded call was given. */
    public long lastAddress() { return read(lastAddress); }
    /** The length the last recorded call was given. */
    public long lastLength() { return read(lastLength); }

    /** What the stand-in answers from now on: {@code pmem_msync}'s result and {@code pmem_is_pmem}'s. */
    public void answer(int msyncResult, boolean isPmem) {
        try {
            set.invokeExact(msyncResult, isPmem ? 1 : 0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static long read(MethodHandle counter) {
        try {
            return (long) counter.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}

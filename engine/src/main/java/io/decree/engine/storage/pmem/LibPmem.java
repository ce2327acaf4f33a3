package io.decree.engine.storage.pmem;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings to libpmem (PMDK) through the Foreign Function &amp; Memory API: mapping a file (on a DAX file
 * system, real persistent memory; elsewhere an ordinary shared mapping), and making stores in it durable.
 *
 * <p>Durability follows libpmem's rule: where {@code pmem_is_pmem} says the range is persistent memory,
 * {@code pmem_persist} (CPU cache flush and fence) is enough; otherwise {@code pmem_msync} must be used.
 * With {@code PMEM_IS_PMEM_FORCE=1} libpmem reports every mapping as pmem (emulation: durable against a
 * process crash, since the page cache survives it, but not against power loss).
 */
@SuppressWarnings("restricted")   // binding a native library is what this class is for; run with --enable-native-access
public final class LibPmem {
    /**
     * The soname loaded: {@code libpmem.so.1} (Debian's libpmem1), or the system property
     * {@code decree.libpmem} for a PMDK installed elsewhere (a path or another soname).
     */
    public static final String LIBRARY = System.getProperty("decree.libpmem", "libpmem.so.1");
    public static final String PACKAGE = "libpmem1";

    static final int PMEM_FILE_CREATE = 1;
    static final int PMEM_FILE_EXCL = 1 << 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option SHORT_CALL = Linker.Option.critical(false);

    private final MethodHandle mapFile;
    private final MethodHandle unmap;
    private final MethodHandle isPmem;
    private final MethodHandle persist;
    private final MethodHandle msync;
    private final MethodHandle memcpyPersist;
    private final MethodHandle errormsg;

    private static final class Holder {
        static final Object LOADED = loadOrFailure(LIBRARY);
    }

    /** The binding to {@code library}, or the {@link PmemUnavailableException} saying why there is none. */
    static Object loadOrFailure(String library) {
        try {
            return load(library);
        } catch (PmemUnavailableException e) {
            return e;
        }
    }

    private LibPmem(SymbolLookup lookup) {
        mapFile = LINKER.downcallHandle(lookup.findOrThrow("pmem_map_file"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        unmap = LINKER.downcallHandle(lookup.findOrThrow("pmem_unmap"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        isPmem = LINKER.downcallHandle(lookup.findOrThrow("pmem_is_pmem"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), SHORT_CALL);
        // The hot-path calls take the address as a 64-bit integer (the same register as a pointer in the
        // LP64 calling convention) so that persisting a range allocates no MemorySegment for it.
        persist = LINKER.downcallHandle(lookup.findOrThrow("pmem_persist"), FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG), SHORT_CALL);
        msync = LINKER.downcallHandle(lookup.findOrThrow("pmem_msync"), FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        memcpyPersist = LINKER.downcallHandle(lookup.findOrThrow("pmem_memcpy_persist"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        errormsg = LINKER.downcallHandle(lookup.findOrThrow("pmem_errormsg"), FunctionDescriptor.of(ADDRESS));
    }

    /** The process-wide binding to {@value #LIBRARY}; throws {@link PmemUnavailableException} naming the package if absent. */
    public static LibPmem get() { return require(Holder.LOADED, LIBRARY); }

    /**
     * The binding {@code loaded} ({@link #loadOrFailure}'s result), or, if {@code library} could not be loaded, a
     * fresh {@link PmemUnavailableException} (a stack trace of this caller, the load's cause). Apart from
     * {@link #get()} for tests: a JVM loads {@value #LIBRARY} once, so a test JVM that has it never sees the failure.
     */
    static LibPmem require(Object loaded, String library) {
        if (loaded instanceof PmemUnavailableException e) throw new PmemUnavailableException(library, e.getCause());
        return (LibPmem) loaded;
    }

    /** Loads bindings from {@code library} (a soname); tests use it to check the error for a missing library. */
    static LibPmem load(String library) {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new PmemUnavailableException(library, e);
        }
        try {
            return new LibPmem(lookup);
        } catch (java.util.NoSuchElementException e) {
            throw new PmemUnavailableException(library, e);
        }
    }

    /** A mapped file: its memory and whether libpmem considers it persistent memory. */
    public record Mapping(MemorySegment memory, boolean isPmem) {}

    /**
     * Maps {@code path}: with {@code create}, creates it with exactly {@code length} bytes (failing if it
     * exists); otherwise maps the whole existing file ({@code length} 0).
     */
    public Mapping map(Path path, long length, boolean create) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment cPath = call.allocateFrom(path.toString());
            MemorySegment mappedLength = call.allocate(JAVA_LONG);
            MemorySegment isPmemFlag = call.allocate(JAVA_INT);
            int flags = create ? PMEM_FILE_CREATE | PMEM_FILE_EXCL : 0;
            MemorySegment address = (MemorySegment) mapFile.invokeExact(cPath, create ? length : 0L, flags, 0644,
                    mappedLength, isPmemFlag);
            if (address.equals(MemorySegment.NULL)) {
                throw new IOException("pmem_map_file(" + path + ") failed: " + errorMessage());
            }
            long size = mappedLength.get(JAVA_LONG, 0);
            MemorySegment memory = address.reinterpret(size);
            return new Mapping(memory, isPmem(memory));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("pmem_map_file call failed", t);
        }
    }

    public void unmap(MemorySegment memory) throws IOException {
        int rc;
        try {
            rc = (int) unmap.invokeExact(memory, memory.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException("pmem_unmap call failed", t);
        }
        if (rc != 0) throw new IOException("pmem_unmap failed: " + errorMessage());
    }

    public boolean isPmem(MemorySegment memory) {
        try {
            return (int) isPmem.invokeExact(memory, memory.byteSize()) != 0;
        } catch (Throwable t) {
            throw new IllegalStateException("pmem_is_pmem call failed", t);
        }
    }

    /** Flushes {@code [offset, offset+length)} of a pmem mapping out of the CPU caches, and fences. */
    public void persist(MemorySegment memory, long offset, long length) {
        try {
            java.util.Objects.checkFromIndexSize(offset, length, memory.byteSize());
            persist.invokeExact(memory.address() + offset, length);
        } catch (Throwable t) {
            throw new IllegalStateException("pmem_persist call failed", t);
        }
    }

    /** msync of the pages holding {@code [offset, offset+length)}: durability for a mapping that is not pmem. */
    public void msync(MemorySegment memory, long offset, long length) throws IOException {
        int rc;
        try {
            java.util.Objects.checkFromIndexSize(offset, length, memory.byteSize());
            rc = (int) msync.invokeExact(memory.address() + offset, length);
        } catch (Throwable t) {
            throw new IllegalStateException("pmem_msync call failed", t);
        }
        if (rc != 0) throw new IOException("pmem_msync failed: " + errorMessage());
    }

    /** Copies {@code source} to {@code offset} of a pmem mapping and persists it. */
    public void memcpyPersist(MemorySegment memory, long offset, MemorySegment source) {
        try {
            MemorySegment ignored = (MemorySegment) memcpyPersist.invokeExact(memory.asSlice(offset, source.byteSize()),
                    source, source.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException("pmem_memcpy_persist call failed", t);
        }
    }

    /** libpmem's description of the last error on this thread. */
    public String errorMessage() {
        try {
            MemorySegment message = (MemorySegment) errormsg.invokeExact();
            return message.equals(MemorySegment.NULL) ? "(no message)" : message.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            return "(pmem_errormsg failed: " + t + ")";
        }
    }

}

package io.decree.engine.ring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A test-only fault switch for the links of a ring cluster: a small memory-mapped file that the fault suite
 * writes and every replica's {@link ShmTransport} reads between polls, so a multi-process test can partition
 * or slow replicas that talk through shared memory, where there is no socket to put a proxy on. It is on
 * only when the transport's {@link ShmOptions#linkFaults()} names the file (the server sets that from
 * {@code -Ddecree.ring.linkFaults=FILE}, which only the fault suite passes).
 *
 * <p>One word per directed link {@code writer -> receiver} ({@value #MAX_ID} ids at most), written by the
 * test with a release store and read by the receiver with an acquire:
 * <ul>
 *   <li>{@link #PASS} (0): nothing injected.</li>
 *   <li>{@link #CUT} (-1): the receiver <em>revokes</em> the writer, Mu's permission switch: the writer's
 *       publications fail from then on, its reconnections are refused, and the receiver reads nothing past
 *       the fence. That is a real partition at the memory level, not a filter: the writer's transport counts
 *       the drops as it would for a fenced member. Healing re-grants a new epoch and the writer reconnects.</li>
 *   <li>a positive number of milliseconds: the receiver holds every publication it sees for that long before
 *       it reads it (a one-way delay; the writer's ring fills meanwhile, and a full ring drops, as a slow
 *       link does).</li>
 * </ul>
 *
 * <pre>
 *   0        8        64                                   64 + 8 * MAX_ID * MAX_ID
 *   +--------+--------+-------------------------------------+
 *   | magic  | unused | word[receiver * MAX_ID + writer]... |   little-endian i64 each
 *   +--------+--------+-------------------------------------+
 * </pre>
 */
public final class LinkFaultHook implements AutoCloseable {
    public static final long PASS = 0, CUT = -1;
    public static final int MAX_ID = 64;
    /** The system property that turns the hook on in a replica process (read by the server, not the engine). */
    public static final String PROPERTY = "decree.ring.linkFaults";
    private static final long MAGIC = 0x4445435245454C46L; // "DECREELF"
    private static final int WORDS_AT = 64;
    private static final long LENGTH = WORDS_AT + 8L * MAX_ID * MAX_ID;
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Path file;
    private final Arena arena;
    private final MemorySegment segment;

    private LinkFaultHook(Path file, Arena arena, MemorySegment segment) {
        this.file = file;
        this.arena = arena;
        this.segment = segment;
    }

    /** Creates the file with every link passing (the test's side), replacing any earlier one atomically. */
    public static LinkFaultHook create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path fresh = file.resolveSibling(file.getFileName() + ".new-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), LENGTH - 1);
            ch.write(java.nio.ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, MAGIC), 0);
            ch.force(true);
        }
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return open(file);
    }

    /** Maps an existing hook file (the replica's side); throws naming the file if it is missing or not a hook. */
    public static LinkFaultHook open(Path file) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() != LENGTH) throw new IOException(file + ": " + ch.size() + " bytes, a link fault hook has " + LENGTH);
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH, arena);
            if ((long) WORD.getAcquire(s, 0L) != MAGIC) throw new IOException(file + ": no link fault hook magic");
            return new LinkFaultHook(file, arena, s);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path file() { return file; }

    /** What is injected on the link {@code writer -> receiver} now. */
    public long mode(int writer, int receiver) { return (long) WORD.getAcquire(segment, offset(writer, receiver)); }

    /** Sets the link {@code writer -> receiver} to {@link #PASS}, {@link #CUT} or a delay in milliseconds. */
    public void set(int writer, int receiver, long mode) {
        if (mode < CUT) throw new IllegalArgumentException("link mode " + mode + ": PASS (0), CUT (-1) or a delay in ms (> 0)");
        WORD.setRelease(segment, offset(writer, receiver), mode);
    }

    private static long offset(int writer, int receiver) {
        if (writer < 0 || writer >= MAX_ID || receiver < 0 || receiver >= MAX_ID)
            throw new IllegalArgumentException("link " + writer + "->" + receiver + ": replica ids of the link fault hook are 0.." + (MAX_ID - 1));
        return WORDS_AT + 8L * (receiver * MAX_ID + writer);
    }

    public static String describe(long mode) { return mode == PASS ? "pass" : mode == CUT ? "cut" : "delay " + mode + " ms"; }

    @Override public void close() { arena.close(); }
}

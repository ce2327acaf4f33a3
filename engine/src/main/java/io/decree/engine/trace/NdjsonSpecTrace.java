package io.decree.engine.trace;

import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.Decree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one process's spec steps as NDJSON, one event per line, for trace validation of real runs
 * ({@code io.decree.sim.trace.TraceCheck}; the format and its rules are in docs/trace-validation.md):
 * <pre>
 * {"p":1,"c":0,"a":"header","format":1,"window":8,"members":"1,2,3"}
 * {"p":1,"c":5,"a":"phase1a","b":4294967297}
 * {"p":1,"c":9,"a":"phase2a","b":4294967297,"s":0,"d":"noop"}
 * {"p":2,"c":12,"a":"phase2b","b":4294967297,"s":0,"d":"9f3c0e1a2b4d5e6f"}
 * {"p":2,"c":17,"a":"learn","s":0,"d":"cfg:1,2,3,4"}
 * {"p":3,"c":30,"a":"installSnapshot","q":1,"k":64}
 * {"p":2,"c":41,"a":"restart"}
 * </pre>
 * {@code p} is the process (replica id), {@code c} the {@link LamportClock} time of the event, {@code b} the
 * engine ballot (a long), {@code s} the engine slot, {@code k} the first slot a snapshot does not cover, and
 * {@code d} the decree as the validator names it: {@code noop}, {@code cfg:<members>} for a configuration
 * change, or the hex of the decree's 64-bit fingerprint for a batch (the identity the in-memory validator
 * uses too). Every value is a number or a string of ASCII letters, digits, commas and colons, so no escaping
 * is ever needed and no JSON library either.
 *
 * <p>Crash behaviour: the file is memory-mapped, so each event is in the kernel's page cache as soon as it is
 * written, without a system call. A SIGKILL therefore loses no finished event: at most the one line being
 * written (a torn last line), followed by the zero bytes of the mapped chunk. This matters for validation:
 * a lost event could have sent a message or made a vote durable that other events depend on, and the merged
 * trace would then be refused for a reason that is not a bug. Only a power loss (the page cache is not
 * forced before {@link #close}) can lose more. When a process opens a file that already holds events (it
 * restarts), it drops a torn tail, continues its clock above the last recorded event and writes a
 * {@code restart} event; the merger puts the spec's {@code Crash} just before it. A new file starts with a
 * {@code header} line giving the window (the spec's alpha) and the initial configuration.
 *
 * <p>Cost: off, a replica holds {@code null} and each call site is one null check. On, an event formats
 * about 60 bytes into a reusable array and copies them into the mapping: no allocation, no system call
 * except one {@code mmap} per {@value #CHUNK_BYTES} bytes. Calls come from the replica's protocol thread;
 * the methods are synchronized only so that {@link #close} from another thread is safe.
 */
public final class NdjsonSpecTrace implements SpecTrace, AutoCloseable {
    /** The format version written in the header; the reader refuses others. */
    public static final int FORMAT = 1;
    static final long CHUNK_BYTES = 4L << 20;

    private final Path file;
    private final int process;
    private final LamportClock clock;
    private final FileChannel channel;
    private byte[] line = new byte[256];
    private int length;
    private Arena arena;
    private MemorySegment map;
    private long mapStart;
    private long position;
    private long events;
    private boolean closed;

    private NdjsonSpecTrace(Path file, int process, LamportClock clock, FileChannel channel, long end) {
        this.file = file;
        this.process = process;
        this.clock = clock;
        this.channel = channel;
        this.position = end;
    }

    /**
     * Opens (or creates) the trace of replica {@code process} at {@code file}. A new file gets a header with
     * {@code window} and the {@code initial} configuration; a file that holds events gets a {@code restart}
     * event, and {@code clock} is moved above its last recorded event.
     *
     * @throws UncheckedIOException if the file cannot be opened or mapped
     * @throws IllegalStateException if the file holds another process's trace
     */
    public static NdjsonSpecTrace open(Path file, int process, LamportClock clock, long window, Configuration initial) {
        if (process <= 0) throw new IllegalArgumentException("process ids are replica ids, 1 or above: " + process);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Tail tail = Tail.find(channel);
            if (tail.process != 0 && tail.process != process)
                throw new IllegalStateException("trace file " + file + " holds the events of process " + tail.process + ", not " + process);
            channel.truncate(tail.end); // drops a torn line and the zero padding of the last mapped chunk
            NdjsonSpecTrace trace = new NdjsonSpecTrace(file, process, clock, channel, tail.end);
            trace.remap();
            if (tail.end == 0) trace.header(window, initial);
            else {
                clock.receive(tail.clock);
                trace.restart(process);
            }
            return trace;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open the spec trace " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Events written by this incarnation (the header excluded). */
    public synchronized long events() { return events; }

    public Path file() { return file; }

    @Override public synchronized void phase1a(int replica, long ballot) {
        begin(replica, "phase1a").num("b", ballot).end();
    }

    @Override public synchronized void phase1b(int acceptor, long ballot) {
        begin(acceptor, "phase1b").num("b", ballot).end();
    }

    @Override public synchronized void phase2a(int leader, long ballot, long slot, Decree decree) {
        begin(leader, "phase2a").num("b", ballot).num("s", slot).decree(decree).end();
    }

    @Override public synchronized void phase2b(int acceptor, long ballot, long slot, Decree decree) {
        begin(acceptor, "phase2b").num("b", ballot).num("s", slot).decree(decree).end();
    }

    @Override public synchronized void learn(int replica, long slot, Decree decree) {
        begin(replica, "learn").num("s", slot).decree(decree).end();
    }

    @Override public synchronized void installSnapshot(int replica, int source, long nextSlot) {
        begin(replica, "installSnapshot").num("q", source).num("k", nextSlot).end();
    }

    @Override public synchronized void crash(int replica) { begin(replica, "crash").end(); }

    @Override public synchronized void restart(int replica) { begin(replica, "restart").end(); }

    /** Unmaps, cuts the file to what was written and forces it; later events are refused. */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            arena.close();
            channel.truncate(position);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the spec trace " + file, e);
        } finally {
            closeQuietly(channel);
        }
    }

    // ------------------------------------------------------------------ formatting

    private void header(long window, Configuration initial) {
        length = 0;
        ascii("{\"p\":").digits(process).ascii(",\"c\":0,\"a\":\"header\"").num("format", FORMAT).num("window", window);
        ascii(",\"members\":\"");
        for (int i = 0; i < initial.size(); i++) {
            if (i > 0) ascii(",");
            digits(initial.member(i));
        }
        ascii("\"");
        finish();
    }

    private NdjsonSpecTrace begin(int actor, String action) {
        if (closed) throw new IllegalStateException("spec trace " + file + " is closed; " + action + " of replica " + actor + " not recorded");
        if (actor != process)
            throw new IllegalArgumentException("the trace of process " + process + " was handed a step of replica " + actor);
        length = 0;
        return ascii("{\"p\":").digits(process).ascii(",\"c\":").digits(clock.tick()).ascii(",\"a\":\"").ascii(action).ascii("\"");
    }

    private void end() {
        finish();
        events++;
    }

    private void finish() {
        ascii("}\n");
        if (position + length > mapStart + CHUNK_BYTES) remap();
        MemorySegment.copy(line, 0, map, ValueLayout.JAVA_BYTE, position - mapStart, length);
        position += length;
    }

    private NdjsonSpecTrace num(String key, long value) {
        return ascii(",\"").ascii(key).ascii("\":").digits(value);
    }

    private NdjsonSpecTrace decree(Decree d) {
        ascii(",\"d\":\"");
        if (d.isNoop()) ascii("noop");
        else if (d.isReconfiguration()) {
            Configuration c = d.configuration();
            ascii("cfg:");
            for (int i = 0; i < c.size(); i++) {
                if (i > 0) ascii(",");
                digits(c.member(i));
            }
        } else hex(d.fingerprint());
        return ascii("\"");
    }

    private NdjsonSpecTrace ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) line[length++] = (byte) s.charAt(i);
        return this;
    }

    private NdjsonSpecTrace digits(long v) {
        room(20);
        if (v < 0) {
            line[length++] = '-';
            v = -v; // Long.MIN_VALUE is no ballot, slot or clock the engine makes
        }
        int start = length;
        do {
            line[length++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        reverse(start);
        return this;
    }

    /** Lower-case hex without leading zeros, as {@link Long#toHexString} (the validator's value names). */
    private void hex(long v) {
        room(16);
        int start = length;
        do {
            line[length++] = (byte) "0123456789abcdef".charAt((int) (v & 0xf));
            v >>>= 4;
        } while (v != 0);
        reverse(start);
    }

    private void reverse(int start) {
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = line[i];
            line[i] = line[j];
            line[j] = t;
        }
    }

    private void room(int bytes) {
        if (length + bytes > line.length) line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + bytes));
    }

    private void remap() {
        try {
            if (arena != null) arena.close();
            arena = Arena.ofShared();
            mapStart = position;
            map = channel.map(FileChannel.MapMode.READ_WRITE, mapStart, Math.max(CHUNK_BYTES, length), arena);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the spec trace " + file + " at byte " + position, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing or closing; the first error is the one reported
        }
    }

    /**
     * Where the recorded events of an existing file end: after the last newline before the zero padding a
     * SIGKILL leaves (the rest of the mapped chunk), and the process and clock of the last complete line.
     */
    private record Tail(long end, int process, long clock) {
        static Tail find(FileChannel channel) throws IOException {
            long size = channel.size();
            if (size == 0) return new Tail(0, 0, 0);
            long lastByte = scanBack(channel, size, false);   // last non-zero byte
            if (lastByte < 0) return new Tail(0, 0, 0);
            long newline = scanBack(channel, lastByte + 1, true);
            if (newline < 0) return new Tail(0, 0, 0);        // only a torn first line: start afresh
            long lineStart = scanBack(channel, newline, true) + 1;
            String last = read(channel, lineStart, (int) Math.min(newline - lineStart, 4096));
            return new Tail(newline + 1, (int) field(last, "\"p\":"), field(last, "\"c\":"));
        }

        /** The index of the last byte below {@code limit} that is a newline (or, if not, any non-zero byte); -1 if none. */
        private static long scanBack(FileChannel channel, long limit, boolean newline) throws IOException {
            ByteBuffer block = ByteBuffer.allocate(64 * 1024);
            for (long hi = limit; hi > 0; ) {
                long lo = Math.max(0, hi - block.capacity());
                block.clear().limit((int) (hi - lo));
                while (block.hasRemaining() && channel.read(block, lo + block.position()) >= 0) { }
                for (int i = (int) (hi - lo) - 1; i >= 0; i--) {
                    byte b = block.get(i);
                    if (newline ? b == '\n' : b != 0) return lo + i;
                }
                hi = lo;
            }
            return -1;
        }

        private static String read(FileChannel channel, long from, int bytes) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(bytes);
            while (b.hasRemaining() && channel.read(b, from + b.position()) >= 0) { }
            return new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.US_ASCII);
        }

        private static long field(String line, String key) {
            int at = line.indexOf(key);
            if (at < 0) throw new IllegalStateException("the last line of the trace has no " + key + " field: " + line);
            int from = at + key.length(), to = from;
            while (to < line.length() && Character.isDigit(line.charAt(to))) to++;
            if (to == from) throw new IllegalStateException("the last line of the trace has no number after " + key + ": " + line);
            return Long.parseLong(line, from, to, 10);
        }
    }
}

package io.decree.sim.ring;

import io.decree.engine.ring.FabricException;
import io.decree.engine.ring.RegisteredRegion;
import io.decree.engine.ring.RemoteRegion;
import io.decree.engine.ring.RingFabric;
import io.decree.engine.ring.RingMutant;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulator's model of a one-sided fabric with one region (receiver 1, writer 2): every operation of the
 * writer is queued, and {@link #land} makes queued operations reach the receiver's memory one piece at a time,
 * in an order drawn from the seed, which is everything a fabric may do:
 * <ul>
 *   <li>a data write lands in pieces, in any order relative to other writes; until it has fully landed, the
 *       receiver's bytes there are torn (part old, part new);</li>
 *   <li>a publication lands only after every write queued before it (the release; RDMA RC's ordering of a
 *       WRITE after WRITEs on one connection), atomically, and only if the writer's permission and epoch
 *       still hold when it lands; a refused one marks the writer revoked;</li>
 *   <li>a head the receiver writes back lands later, in order (credits arrive late, never early);</li>
 *   <li>{@link #scribble} puts garbage beyond the published tail, as a deposed writer's late writes would.</li>
 * </ul>
 * The {@link RingMutant#IGNORES_REVOCATION} mutant lands publications whatever the permission. Nothing here
 * uses a clock or a thread: a run is a function of its seed.
 */
public final class SimFabric implements RingFabric {
    public static final int RECEIVER = 1, WRITER = 2;

    private sealed interface Op permits Write, Publish { }

    private static final class Write implements Op {
        final int index;
        final byte[] bytes;
        final boolean[] landed;
        int left;

        Write(int index, byte[] bytes) {
            this.index = index;
            this.bytes = bytes;
            this.landed = new boolean[bytes.length];
            this.left = bytes.length;
        }
    }

    private record Publish(long tail, long epoch, Writer by) implements Op { }

    private final SplittableRandom random;
    private final boolean ignoresRevocation;
    private final List<Op> pending = new ArrayList<>();
    private final List<Long> pendingHeads = new ArrayList<>();
    private byte[] data;
    private int capacity;
    private long tail;
    private long head;
    private long epoch;
    private boolean revoked;
    private boolean exposed;
    private long refusedPublications;
    private long landedAfterRevocation;

    public SimFabric(long seed, Set<RingMutant> mutants) {
        this.random = new SplittableRandom(seed);
        this.ignoresRevocation = RingMutant.enable(mutants).contains(RingMutant.IGNORES_REVOCATION);
    }

    @Override public RegisteredRegion expose(int receiver, int writer, int capacity) throws FabricException {
        if (receiver != RECEIVER || writer != WRITER) throw new FabricException("the model has one region, 1 <- 2");
        this.capacity = capacity;
        this.data = new byte[capacity];
        random.nextBytes(data); // memory is not zeroed: a torn read sees whatever was there
        exposed = true;
        return new Region();
    }

    @Override public RemoteRegion connect(int receiver, int writer) throws FabricException {
        if (!exposed) throw new FabricException("sim: region not exposed");
        if (revoked) throw new FabricException("sim: writer " + writer + " is revoked");
        return new Writer(epoch, tail, head);
    }

    /** Whether anything the writer or receiver issued has not reached memory yet. */
    public boolean quiet() { return pending.isEmpty() && pendingHeads.isEmpty(); }

    /**
     * Lands one piece of what is queued: part of a write, a publication whose writes have all landed, or the
     * oldest head. Returns false when nothing could land.
     */
    public boolean land() {
        if (!pendingHeads.isEmpty() && (pending.isEmpty() || random.nextInt(4) == 0)) {
            head = pendingHeads.removeFirst();
            return true;
        }
        if (pending.isEmpty()) return false;
        int firstPublish = 0;
        while (firstPublish < pending.size() && !(pending.get(firstPublish) instanceof Publish)) firstPublish++;
        if (firstPublish == 0) { // every write before it has landed
            Publish p = (Publish) pending.removeFirst();
            boolean allowed = !revoked && p.epoch == epoch;
            if (allowed || ignoresRevocation) {
                if (!allowed) landedAfterRevocation++;
                tail = Math.max(tail, p.tail);
            } else {
                refusedPublications++;
                p.by.revoked = true;
            }
            return true;
        }
        Write w = (Write) pending.get(random.nextInt(firstPublish));
        int from = random.nextInt(w.bytes.length), n = 1 + random.nextInt(Math.min(64, w.bytes.length - from));
        for (int i = from; i < from + n; i++) {
            if (!w.landed[i]) {
                w.landed[i] = true;
                w.left--;
                data[(w.index + i) & (capacity - 1)] = w.bytes[i];
            }
        }
        if (w.left == 0) pending.remove(w);
        return true;
    }

    /**
     * While the writer is revoked: garbage beyond the fenced tail, as the deposed writer's late writes would
     * put there (they land; only their publication is refused).
     */
    public void scribble() {
        if (!revoked) return;
        long free = capacity - (tail - head);
        if (free <= 0) return;
        long at = tail + random.nextLong(free);
        int n = (int) Math.min(1 + random.nextInt(32), tail + free - at);
        for (int i = 0; i < n; i++) data[(int) ((at + i) & (capacity - 1))] = (byte) random.nextInt();
    }

    public long tail() { return tail; }

    public long refusedPublications() { return refusedPublications; }

    /** Publications that landed while the writer was revoked: zero unless the fabric is the mutant. */
    public long landedAfterRevocation() { return landedAfterRevocation; }

    private final class Writer implements RemoteRegion {
        final long epoch;
        final MemorySegment source;
        long tail;
        long head;
        boolean revoked;

        Writer(long epoch, long tail, long head) {
            this.epoch = epoch;
            this.tail = tail;
            this.head = head;
            this.source = MemorySegment.ofArray(new byte[capacity]);
        }

        @Override public int capacity() { return capacity; }

        @Override public MemorySegment source() { return source; }

        @Override public void write(int index, long sourceOffset, int length) {
            byte[] copy = new byte[length];
            MemorySegment.copy(source, sourceOffset, MemorySegment.ofArray(copy), 0, length);
            pending.add(new Write(index, copy));
        }

        @Override public boolean publish(long newTail) {
            if (revoked) return false;
            pending.add(new Publish(newTail, epoch, this));
            tail = newTail;
            return true;
        }

        @Override public long head() { return SimFabric.this.head; }

        @Override public long tail() { return tail; }

        @Override public boolean revoked() { return revoked; }

        @Override public void close() { }
    }

    private final class Region implements RegisteredRegion {
        @Override public int writer() { return WRITER; }

        @Override public int capacity() { return capacity; }

        @Override public MemorySegment data() { return MemorySegment.ofArray(data); }

        @Override public long tail() { return tail; }

        @Override public void writeHead(long h) { pendingHeads.add(h); }

        @Override public long revoke() {
            revoked = true;
            return tail;
        }

        @Override public boolean revoked() { return revoked; }

        @Override public void regrant() {
            revoked = false;
            epoch++;
        }

        @Override public void close() { revoked = true; }
    }

    @Override public void close() { }
}

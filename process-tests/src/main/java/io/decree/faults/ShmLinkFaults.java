package io.decree.faults;

import io.decree.engine.ring.LinkFaultHook;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link LinkFaults} for replicas on the shared-memory ring transport, where there is no socket to put a proxy
 * on: the fault suite writes each directed link's mode into a {@link LinkFaultHook} file that every replica
 * maps (it is started with {@code -Ddecree.ring.linkFaults=FILE}), and each receiver obeys it between polls. A
 * cut link is a real partition at the memory level: the receiver revokes the writer (Mu's permission switch),
 * so the writer's publications fail and its reconnections are refused until the heal re-grants a new epoch;
 * a delayed link holds what the writer published for the delay before the receiver reads it.
 *
 * <p>A replica applies a change at its next poll (microseconds while it runs; at SIGCONT if it is paused), so
 * the nemesis's wait for an effect (a new leader, a write through) covers the time to apply it.
 */
public final class ShmLinkFaults implements LinkFaults, AutoCloseable {
    private final LinkFaultHook hook;
    private final List<Integer> ids;

    private ShmLinkFaults(LinkFaultHook hook, List<Integer> ids) {
        this.hook = hook;
        this.ids = List.copyOf(ids);
    }

    /** Creates the hook file with every link passing. */
    public static ShmLinkFaults create(Path file, List<Integer> ids) throws IOException {
        return new ShmLinkFaults(LinkFaultHook.create(file), ids);
    }

    public Path file() { return hook.file(); }

    /** The mode of the link {@code from -> to}, for reports and tests: pass, cut or a delay. */
    public long mode(int from, int to) { return hook.mode(from, to); }

    @Override public void apply(Partition partition) {
        for (int from : ids)
            for (int to : ids)
                if (from != to) hook.set(from, to, partition.cuts(from, to) ? LinkFaultHook.CUT : LinkFaultHook.PASS);
    }

    @Override public void delayAll(long millis) {
        if (millis <= 0) throw new IllegalArgumentException("a delay must be positive, got " + millis + " ms");
        for (int from : ids)
            for (int to : ids)
                if (from != to) hook.set(from, to, millis);
    }

    @Override public void heal() {
        for (int from : ids)
            for (int to : ids)
                if (from != to) hook.set(from, to, LinkFaultHook.PASS);
    }

    @Override public void close() { hook.close(); }
}

package io.decree.faults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A TCP proxy the test controls, one listener per directed peer link: replica {@code from} is configured to
 * reach replica {@code to} at {@link #port(int, int)}, which forwards to {@code to}'s real peer port. Each link
 * passes, drops or delays its traffic ({@link LinkMode}); {@link #apply(Partition)} cuts the links a partition
 * separates and {@link #heal()} restores every link.
 *
 * <p>When the transport keeps one connection per replica pair, that connection runs over the link of the side
 * that dialled, carrying both directions; a partition therefore always cuts both directed links of a pair, and
 * a delay is set on both too.
 */
public final class FaultProxy implements LinkFaults, AutoCloseable {
    private final Map<Link, LinkProxy> links = new TreeMap<>();

    /** A directed link: {@code from} dials {@code to}. */
    public record Link(int from, int to) implements Comparable<Link> {
        public Link {
            if (from == to) throw new IllegalArgumentException("a link joins two different replicas, got " + from + " -> " + to);
        }

        @Override public int compareTo(Link o) { return from != o.from ? Integer.compare(from, o.from) : Integer.compare(to, o.to); }

        @Override public String toString() { return from + "->" + to; }
    }

    /** Opens a listener for every directed link between {@code ids}; {@code peerPortOf} maps a replica to its real peer port. */
    public static FaultProxy forReplicas(List<Integer> ids, java.util.function.IntUnaryOperator peerPortOf) throws IOException {
        FaultProxy proxy = new FaultProxy();
        try {
            for (int from : ids)
                for (int to : ids)
                    if (from != to) proxy.links.put(new Link(from, to), new LinkProxy(from + "->" + to, peerPortOf.applyAsInt(to)));
        } catch (IOException | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /** The port replica {@code from} must dial to reach replica {@code to}. */
    public int port(int from, int to) { return link(from, to).port(); }

    /** Sets both directed links between {@code a} and {@code b}. */
    public void set(int a, int b, LinkMode mode) {
        link(a, b).mode(mode);
        link(b, a).mode(mode);
    }

    public LinkMode mode(int from, int to) { return link(from, to).mode(); }

    /** Drops every link the partition cuts and passes every other one (a delay in force elsewhere is lifted). */
    @Override public void apply(Partition partition) {
        for (Map.Entry<Link, LinkProxy> e : links.entrySet())
            e.getValue().mode(partition.cuts(e.getKey().from(), e.getKey().to()) ? LinkMode.DROP : LinkMode.PASS);
    }

    /** Delays every link by {@code millis}. */
    @Override public void delayAll(long millis) {
        for (LinkProxy l : links.values()) l.mode(LinkMode.delay(millis));
    }

    /** Every link passes again. */
    @Override public void heal() {
        for (LinkProxy l : links.values()) l.mode(LinkMode.PASS);
    }

    /** Connections accepted and forwarded, connections refused (dropped link or peer down), bytes forwarded. */
    public record Stats(long accepted, long refused, long bytes) {}

    public Stats stats(int from, int to) {
        LinkProxy l = link(from, to);
        return new Stats(l.accepted.get(), l.refused.get(), l.bytes.get());
    }

    int openConnections(int from, int to) { return link(from, to).openConnections(); }

    /** Links in order, e.g. for a report. */
    public List<Link> links() { return new ArrayList<>(links.keySet()); }

    private LinkProxy link(int from, int to) {
        LinkProxy l = links.get(new Link(from, to));
        if (l == null) throw new IllegalArgumentException("no proxied link " + from + "->" + to + " among replicas " + ids());
        return l;
    }

    private TreeSet<Integer> ids() {
        TreeSet<Integer> ids = new TreeSet<>();
        for (Link l : links.keySet()) ids.add(l.from());
        return ids;
    }

    @Override public void close() {
        for (LinkProxy l : links.values()) l.close();
    }
}

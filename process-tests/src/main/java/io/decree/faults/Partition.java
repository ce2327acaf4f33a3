package io.decree.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A network partition as the set of replica pairs that cannot talk (symmetric). The shapes are Jepsen's:
 * a random majority/minority split, one replica isolated (usually the leader), and a bridge (two halves that
 * both see one bridge replica, so the two sides overlap in it alone and no simple majority/minority exists).
 */
public record Partition(String description, Set<Long> cutPairs) {

    public Partition {
        cutPairs = Collections.unmodifiableSet(new TreeSet<>(cutPairs));
    }

    /** Whether the link between {@code a} and {@code b} (either direction) is cut. */
    public boolean cuts(int a, int b) { return cutPairs.contains(pair(a, b)); }

    /** Cuts every link between the two sides. */
    public static Partition split(Set<Integer> sideA, Set<Integer> sideB) {
        Set<Long> cut = new TreeSet<>();
        for (int a : sideA)
            for (int b : sideB) {
                if (a == b) throw new IllegalArgumentException("replica " + a + " is on both sides of " + sideA + " | " + sideB);
                cut.add(pair(a, b));
            }
        return new Partition(new TreeSet<>(sideA) + " | " + new TreeSet<>(sideB), cut);
    }

    /** {@code id} alone on one side, every other replica of {@code ids} on the other. */
    public static Partition isolate(int id, List<Integer> ids) {
        Set<Integer> rest = new TreeSet<>(ids);
        if (!rest.remove(id)) throw new IllegalArgumentException("replica " + id + " is not among " + ids);
        Partition p = split(Set.of(id), rest);
        return new Partition("isolate " + id + ": " + p.description, p.cutPairs);
    }

    /** A random majority (⌊n/2⌋+1 replicas) and the minority. */
    public static Partition majorityMinority(List<Integer> ids, SplittableRandom random) {
        List<Integer> shuffled = shuffled(ids, random);
        int majority = ids.size() / 2 + 1;
        Partition p = split(new TreeSet<>(shuffled.subList(0, majority)), new TreeSet<>(shuffled.subList(majority, ids.size())));
        return new Partition("majority/minority " + p.description, p.cutPairs);
    }

    /**
     * A bridge: the replicas minus one bridge node are split in two halves, the halves cannot talk, the bridge
     * talks to all. With 3 replicas that is two replicas cut from each other, both connected to the third.
     */
    public static Partition bridge(List<Integer> ids, SplittableRandom random) {
        if (ids.size() < 3) throw new IllegalArgumentException("a bridge needs at least 3 replicas, got " + ids);
        List<Integer> shuffled = shuffled(ids, random);
        int bridge = shuffled.getFirst();
        List<Integer> rest = shuffled.subList(1, shuffled.size());
        int half = rest.size() / 2;
        Partition p = split(new TreeSet<>(rest.subList(0, half)), new TreeSet<>(rest.subList(half, rest.size())));
        return new Partition("bridge via " + bridge + ": " + p.description, p.cutPairs);
    }

    private static List<Integer> shuffled(List<Integer> ids, SplittableRandom random) {
        List<Integer> list = new ArrayList<>(ids);
        for (int i = list.size() - 1; i > 0; i--) Collections.swap(list, i, random.nextInt(i + 1)); // seeded, unlike Collections.shuffle's default
        return list;
    }

    private static long pair(int a, int b) { return ((long) Math.min(a, b) << 32) | Math.max(a, b); }

    @Override public String toString() { return description; }
}

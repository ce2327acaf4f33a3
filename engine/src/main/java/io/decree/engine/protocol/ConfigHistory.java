package io.decree.engine.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which configuration governs which slot: TLA+ {@code ConfigAt(r, s)} of {@code MultiPaxosReconfig.tla}.
 * A configuration change chosen in slot i governs every slot from {@code i + alpha} on, until a later
 * change takes over; slots before the first change are governed by the initial configuration.
 *
 * <p>Why alpha makes this safe: a leader proposes in slot s only while {@code s < firstUnchosen + alpha}
 * (the pipelining window is alpha), so every slot {@code <= s - alpha} is known chosen to it and it knows
 * the configuration governing s. By agreement on those earlier slots every leader computes the same one,
 * and two majorities of one configuration intersect.
 *
 * <p>Only learned changes are recorded (a learner learns a slot only once it is chosen), so the history is
 * the same at every replica for every slot it knows, and it is part of a snapshot: after a log is truncated
 * below a snapshot the changes in it are still needed.
 */
public final class ConfigHistory {
    private final Configuration initial;
    private final long alpha;
    /** Chosen changes by the slot they were chosen in (TLA+: learned[r][i] \in ConfigCmds). */
    private final TreeMap<Long, Configuration> changes = new TreeMap<>();
    private long cachedFrom = -1;
    private List<Configuration> cachedWindow;
    /** The window while no change was ever chosen: the initial configuration alone, whatever the slot. */
    private List<Configuration> initialWindow;
    private int[] known;

    public ConfigHistory(Configuration initial, long alpha) {
        if (initial == null) throw new IllegalArgumentException("initial configuration is not set");
        if (alpha < 1) throw new IllegalArgumentException("reconfiguration window alpha must be >= 1, got " + alpha);
        this.initial = initial;
        this.alpha = alpha;
    }

    /** The window alpha: a change chosen in slot i governs from slot i + alpha. */
    public long alpha() { return alpha; }

    public Configuration initial() { return initial; }

    /** Records a change learned as chosen in {@code slot}. */
    void record(long slot, Configuration configuration) {
        Configuration previous = changes.put(slot, configuration);
        if (previous != null && !previous.equals(configuration))
            throw new Learner.AgreementViolation("configuration changes " + previous + " and " + configuration + " both chosen in slot " + slot);
        cachedFrom = -1;
        known = null;
    }

    /** TLA+ {@code ConfigAt(r, s)}: the latest change chosen in a slot {@code <= slot - alpha}, else the initial one. */
    public Configuration at(long slot) {
        if (changes.isEmpty()) return initial; // the usual case, without boxing the slot
        Map.Entry<Long, Configuration> e = changes.floorEntry(slot - alpha);
        return e == null ? initial : e.getValue();
    }

    /** The configuration after every change known: what the cluster is heading to. */
    public Configuration latest() { return changes.isEmpty() ? initial : changes.lastEntry().getValue(); }

    /** The slot the latest known change was chosen in, or -1. */
    public long latestChangeSlot() { return changes.isEmpty() ? -1 : changes.lastKey(); }

    /**
     * The distinct configurations governing the slots a leader may propose in when every slot below
     * {@code firstUnchosen} is known chosen: {@code [firstUnchosen, firstUnchosen + alpha)}. A leader needs
     * a phase-1 quorum of each, and its read lease a quorum of each. Usually one.
     */
    public List<Configuration> window(long firstUnchosen) {
        if (changes.isEmpty()) { // no list per slot on the hot path of a cluster that never reconfigured
            if (initialWindow == null) initialWindow = List.of(initial);
            return initialWindow;
        }
        if (firstUnchosen != cachedFrom) {
            List<Configuration> w = new ArrayList<>(2);
            w.add(at(firstUnchosen));
            for (Configuration c : changes.subMap(firstUnchosen - alpha, false, firstUnchosen, false).values())
                if (!w.contains(c)) w.add(c);
            cachedWindow = List.copyOf(w);
            cachedFrom = firstUnchosen;
        }
        return cachedWindow;
    }

    /** Every replica of every configuration in {@link #window}: who a leader talks to. Sorted. */
    public int[] audience(long firstUnchosen) { return union(window(firstUnchosen)); }

    /** Every replica of every configuration known, the initial one included: who hears heartbeats. Sorted. */
    public int[] known() {
        if (known == null) {
            List<Configuration> all = new ArrayList<>(changes.values());
            all.add(initial);
            known = union(all);
        }
        return known;
    }

    private static int[] union(Iterable<Configuration> configurations) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (Configuration c : configurations) for (int i = 0; i < c.size(); i++) ids.add(c.member(i));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** True if {@code replica} is in any configuration known, the initial one included. */
    public boolean everMember(int replica) {
        if (initial.contains(replica)) return true;
        for (Configuration c : changes.values()) if (c.contains(replica)) return true;
        return false;
    }

    /** The changes, by slot, for a snapshot. */
    public TreeMap<Long, Configuration> changes() { return new TreeMap<>(changes); }

    /** Replaces the known changes with a snapshot's (which covers at least as many slots as this history). */
    void restore(Map<Long, Configuration> snapshotChanges) {
        for (Map.Entry<Long, Configuration> e : snapshotChanges.entrySet()) record(e.getKey(), e.getValue());
    }

    @Override public String toString() { return "initial " + initial + ", changes " + changes + ", alpha " + alpha; }
}

package io.decree.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded nemesis schedule: {@code count} faults drawn from the non-disk kinds, then optionally one disk fault
 * to end the run. The same seed gives the same schedule (the choice of victims that depends on who leads at
 * the time is made when the fault runs, from the fault's own seed), so a failure names its seed and replays
 * the same sequence of fault kinds and parameters.
 */
public record FaultPlan(long seed, List<Fault> faults) {

    /** One scheduled fault; {@code seed} drives its own choices (which follower, which split, how long a delay). */
    public record Fault(int index, FaultKind kind, long seed) {
        /** {@code count} faults of one {@code kind} (to hammer one fault kind, e.g. {@code -Dfaults.only=disk-full}). */
    public static FaultPlan only(long seed, int count, FaultKind kind) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Fault> faults = new ArrayList<>();
        for (int i = 1; i <= count; i++) faults.add(new Fault(i, kind, random.nextLong()));
        return new FaultPlan(seed, faults);
    }

    @Override public String toString() { return "#" + index + " " + kind.label(); }
    }

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    private static final FaultKind[] NETWORK_AND_PROCESS = {
        FaultKind.KILL_LEADER, FaultKind.KILL_FOLLOWER, FaultKind.PAUSE_LEADER, FaultKind.PAUSE_FOLLOWER,
        FaultKind.PARTITION_MAJORITY_MINORITY, FaultKind.ISOLATE_LEADER, FaultKind.PARTITION_BRIDGE, FaultKind.DELAY,
    };

    /**
     * {@code count} faults; every non-disk kind appears once before any repeats when {@code count} allows (a
     * short CI schedule still covers the menu), the order and the repeats drawn from {@code seed}.
     */
    public static FaultPlan random(long seed, int count, boolean endWithDiskFault) {
        if (count < 0) throw new IllegalArgumentException("negative fault count " + count);
        SplittableRandom random = new SplittableRandom(seed);
        List<FaultKind> kinds = new ArrayList<>();
        while (kinds.size() < count) {
            List<FaultKind> round = new ArrayList<>(List.of(NETWORK_AND_PROCESS));
            while (!round.isEmpty() && kinds.size() < count) kinds.add(round.remove(random.nextInt(round.size())));
        }
        return of(seed, random, kinds, endWithDiskFault);
    }

    /** {@code count} faults of one {@code kind} (to hammer one fault kind, e.g. {@code -Dfaults.only=disk-full}). */
    public static FaultPlan only(long seed, int count, FaultKind kind) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Fault> faults = new ArrayList<>();
        for (int i = 1; i <= count; i++) faults.add(new Fault(i, kind, random.nextLong()));
        return new FaultPlan(seed, faults);
    }

    /**
     * The faults {@code kinds} names, in that order (a short schedule that must cover given kinds), then
     * optionally one disk fault; victims and parameters drawn from {@code seed} as in {@link #random}.
     */
    public static FaultPlan listed(long seed, List<FaultKind> kinds, boolean endWithDiskFault) {
        SplittableRandom random = new SplittableRandom(seed);
        return of(seed, random, kinds, endWithDiskFault);
    }

    /** The faults {@code kinds} names, victims and parameters drawn from {@code random}, then optionally a disk fault. */
    private static FaultPlan of(long seed, SplittableRandom random, List<FaultKind> kinds, boolean endWithDiskFault) {
        List<Fault> faults = new ArrayList<>();
        for (FaultKind kind : kinds) faults.add(new Fault(faults.size() + 1, kind, random.nextLong()));
        if (endWithDiskFault) {
            FaultKind disk = random.nextBoolean() ? FaultKind.DISK_FULL : FaultKind.DISK_READ_ONLY;
            faults.add(new Fault(faults.size() + 1, disk, random.nextLong()));
        }
        return new FaultPlan(seed, faults);
    }

    @Override public String toString() {
        StringBuilder s = new StringBuilder("nemesis seed " + seed + " (" + faults.size() + " faults):");
        for (Fault f : faults) s.append(' ').append(f).append(';');
        return s.toString();
    }
}

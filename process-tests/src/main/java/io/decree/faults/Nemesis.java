package io.decree.faults;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a {@link FaultPlan} against a {@link ClusterControl} while the workload runs, one fault at a time. Each
 * fault lasts until its effect is observed (a new leader answers, a write succeeds without the victim), never
 * for a fixed time; then it is healed and the nemesis waits for progress (a write acknowledged), timing the
 * recovery. Every wait is bounded by {@code limit}; a missed deadline fails the run with the fault it was in.
 */
public final class Nemesis {
    private final ClusterControl cluster;
    private final Duration limit;
    private final PrintStream out;
    private long probes;

    public Nemesis(ClusterControl cluster, Duration limit, PrintStream out) {
        this.cluster = cluster;
        this.limit = limit;
        this.out = out;
    }

    /** What one fault did: its victim(s), and the milliseconds from heal (or restart) to the next acknowledged write. */
    public record Record(FaultPlan.Fault fault, String detail, long recoveryMillis, ClusterControl.DiskFaultOutcome disk) {
        @Override public String toString() {
            return fault + ": " + detail + (recoveryMillis >= 0 ? "; progress " + recoveryMillis + " ms after heal" : "");
        }
    }

    /** The run's figures: one record per fault, counts by kind, recovery times. */
    public record Report(FaultPlan plan, List<Record> records, Map<FaultKind, Integer> byKind, long electionsWon) {
        public long maxRecoveryMillis() { return records.stream().mapToLong(Record::recoveryMillis).max().orElse(0); }

        public long medianRecoveryMillis() {
            long[] r = records.stream().mapToLong(Record::recoveryMillis).filter(x -> x >= 0).sorted().toArray();
            return r.length == 0 ? 0 : r[r.length / 2];
        }

        @Override public String toString() {
            return "faults " + records.size() + " by kind " + byKind + "; elections won " + electionsWon
                    + "; recovery after heal: median " + medianRecoveryMillis() + " ms, max " + maxRecoveryMillis() + " ms";
        }
    }

    public Report run(FaultPlan plan) throws Exception {
        out.println(plan);
        long electionsBefore = cluster.electionsWon();
        List<Record> records = new ArrayList<>();
        Map<FaultKind, Integer> byKind = new EnumMap<>(FaultKind.class);
        for (FaultPlan.Fault fault : plan.faults()) {
            Record r;
            try {
                r = inject(fault);
            } catch (Exception | AssertionError e) {
                throw new IllegalStateException("nemesis seed " + plan.seed() + ", fault " + fault + " failed: " + e.getMessage(), e);
            }
            if (r == null) continue; // skipped (disk faults where tmpfs cannot be mounted), said so in the log
            records.add(r);
            byKind.merge(fault.kind(), 1, Integer::sum);
            out.println("  " + r);
        }
        return new Report(plan, records, byKind, cluster.electionsWon() - electionsBefore);
    }

    private Record inject(FaultPlan.Fault fault) throws Exception {
        SplittableRandom random = new SplittableRandom(fault.seed());
        List<Integer> ids = cluster.ids();
        return switch (fault.kind()) {
            case KILL_LEADER -> {
                int leader = awaitLeader();
                cluster.kill(leader);
                int next = awaitLeaderOtherThan(leader);
                cluster.restart(leader);
                yield new Record(fault, "killed leader " + leader + ", " + next + " took over, restarted " + leader, awaitProgress(), null);
            }
            case KILL_FOLLOWER -> {
                int victim = follower(random);
                cluster.kill(victim);
                awaitProgress(); // a majority still runs: writes go on without it
                cluster.restart(victim);
                yield new Record(fault, "killed follower " + victim + ", writes went on, restarted it", awaitProgress(), null);
            }
            case PAUSE_LEADER -> {
                int leader = awaitLeader();
                cluster.pause(leader);
                int next;
                try {
                    next = awaitLeaderOtherThan(leader); // the pause lasts past the election timeout: until another leads
                } finally {
                    cluster.resume(leader);
                }
                yield new Record(fault, "paused leader " + leader + " until " + next + " led, resumed it", awaitProgress(), null);
            }
            case PAUSE_FOLLOWER -> {
                int victim = follower(random);
                cluster.pause(victim);
                try {
                    awaitProgress();
                } finally {
                    cluster.resume(victim);
                }
                yield new Record(fault, "paused follower " + victim + " while a write went through, resumed it", awaitProgress(), null);
            }
            case PARTITION_MAJORITY_MINORITY -> partition(fault, Partition.majorityMinority(ids, random), false);
            case ISOLATE_LEADER -> partition(fault, Partition.isolate(awaitLeader(), ids), true);
            case PARTITION_BRIDGE -> partition(fault, Partition.bridge(ids, random), false);
            case DELAY -> {
                long millis = 10 + random.nextInt(140);
                cluster.linkFaults().delayAll(millis);
                try {
                    awaitProgress();
                } finally {
                    cluster.linkFaults().heal();
                }
                yield new Record(fault, "delayed every link by " + millis + " ms while a write went through, healed", awaitProgress(), null);
            }
            case DISK_FULL, DISK_READ_ONLY -> {
                var unavailable = cluster.diskFaultsUnavailable();
                if (unavailable.isPresent()) {
                    out.println("  " + fault + ": SKIPPED, " + unavailable.get());
                    yield null;
                }
                int victim = follower(random);
                ClusterControl.DiskFaultOutcome outcome = fault.kind() == FaultKind.DISK_FULL
                        ? cluster.diskFull(victim, limit) : cluster.diskReadOnly(victim, limit);
                yield new Record(fault, "replica " + victim + ": exit status " + outcome.exitStatus() + ", error: " + outcome.errorLine()
                        + ", back after repair: " + outcome.recoveredAfter(), awaitProgress(), outcome);
            }
        };
    }

    /** Applies a partition; the majority side (if any) must make progress, or, isolating a leader, elect another. */
    private Record partition(FaultPlan.Fault fault, Partition p, boolean isolatingLeader) throws Exception {
        int leaderBefore = isolatingLeader ? awaitLeader() : 0;
        cluster.linkFaults().apply(p);
        String effect;
        try {
            if (isolatingLeader) effect = ", " + awaitLeaderOtherThan(leaderBefore) + " leads the majority";
            else {
                awaitProgress();
                effect = ", a write went through";
            }
        } finally {
            cluster.linkFaults().heal();
        }
        return new Record(fault, p + effect + ", healed", awaitProgress(), null);
    }

    private int awaitLeader() throws Exception {
        return Await.value("a leader", limit, () -> {
            var l = cluster.leader();
            return l.isPresent() ? java.util.Optional.of(l.getAsInt()) : java.util.Optional.empty();
        });
    }

    private int awaitLeaderOtherThan(int old) throws Exception {
        return Await.value("a leader other than " + old, limit, () -> {
            var l = cluster.leader();
            return l.isPresent() && l.getAsInt() != old ? java.util.Optional.of(l.getAsInt()) : java.util.Optional.empty();
        });
    }

    /** A running replica other than the current leader, chosen by the fault's seed. */
    private int follower(SplittableRandom random) throws Exception {
        int leader = awaitLeader();
        List<Integer> candidates = cluster.ids().stream().filter(id -> id != leader && cluster.isRunning(id)).toList();
        if (candidates.isEmpty()) throw new IllegalStateException("no running follower besides leader " + leader);
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** Waits until a write is acknowledged; returns how long it took (the probe retries within the deadline). */
    private long awaitProgress() throws Exception {
        long start = System.nanoTime();
        cluster.probeWrite("nemesis-probe", "p" + ++probes, limit);
        return (System.nanoTime() - start) / 1_000_000;
    }
}

package io.decree.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything that goes wrong in one run: rates of message faults and a time-ordered list of discrete
 * faults. All faults stop at {@code faultsEnd}: after it the network is reliable, every replica is up and
 * connected, and the run checks liveness (every request completes within a bounded time).
 *
 * @param dropRate       chance that a message is lost
 * @param duplicateRate  chance that a message is delivered twice
 * @param minDelay       least network latency, ms
 * @param maxDelay       greatest network latency, ms; random latencies reorder messages
 * @param driftPerMille  each replica's clock runs up to this many per-mille fast or slow
 * @param adversary      the adversarial fault kinds: long hold-backs and replays across elections, rude
 *                       clients, drift at the corners of the bound ({@link Adversary#NONE}: none)
 */
public record FaultSchedule(double dropRate, double duplicateRate, long minDelay, long maxDelay, int driftPerMille,
                            long faultsEnd, List<FaultEvent> events, Adversary adversary) {

    /** A schedule without adversarial fault kinds. */
    public FaultSchedule(double dropRate, double duplicateRate, long minDelay, long maxDelay, int driftPerMille, long faultsEnd, List<FaultEvent> events) {
        this(dropRate, duplicateRate, minDelay, maxDelay, driftPerMille, faultsEnd, events, Adversary.NONE);
    }

    public FaultSchedule {
        events = List.copyOf(events);
        java.util.Objects.requireNonNull(adversary, "adversary (Adversary.NONE for none)");
        if (dropRate < 0 || dropRate >= 1) throw new IllegalArgumentException("dropRate must be in [0, 1), got " + dropRate);
        if (duplicateRate < 0 || duplicateRate >= 1) throw new IllegalArgumentException("duplicateRate must be in [0, 1), got " + duplicateRate);
        if (minDelay < 0 || maxDelay < minDelay) throw new IllegalArgumentException("delays must satisfy 0 <= min <= max, got " + minDelay + ".." + maxDelay);
    }

    /** A fault-free run: reliable network, nobody crashes. */
    public static FaultSchedule none() { return new FaultSchedule(0, 0, 1, 1, 0, 0, List.of()); }

    /**
     * Draws a schedule from {@code seed}: message faults at rates typical of a bad network, and crashes,
     * isolations and clock jumps scattered over {@code [0, faultsEnd)}, every crash followed by a restart.
     */
    public static FaultSchedule random(long seed, int replicas, long faultsEnd) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<FaultEvent> events = new ArrayList<>();
        int count = random.nextInt(2, 10);
        for (int i = 0; i < count; i++) {
            long at = random.nextLong(faultsEnd);
            int replica = random.nextInt(1, replicas + 1);
            switch (random.nextInt(5)) {
                case 0 -> {
                    events.add(new FaultEvent(at, FaultEvent.Kind.CRASH, replica, 0));
                    events.add(new FaultEvent(Math.min(faultsEnd - 1, at + random.nextLong(10, 800)), FaultEvent.Kind.RESTART, replica, 0));
                }
                case 1 -> {
                    events.add(new FaultEvent(at, FaultEvent.Kind.ISOLATE, replica, 0));
                    events.add(new FaultEvent(Math.min(faultsEnd - 1, at + random.nextLong(50, 1500)), FaultEvent.Kind.HEAL, 0, 0));
                }
                case 2 -> events.add(new FaultEvent(at, FaultEvent.Kind.CLOCK_JUMP, replica, random.nextLong(1, 400)));
                case 3 -> {
                    events.add(new FaultEvent(at, FaultEvent.Kind.PARTITION, replica, 0));
                    events.add(new FaultEvent(Math.min(faultsEnd - 1, at + random.nextLong(50, 1500)), FaultEvent.Kind.HEAL, 0, 0));
                }
                default -> {
                    events.add(new FaultEvent(at, FaultEvent.Kind.CRASH, replica, 0));
                    events.add(new FaultEvent(Math.min(faultsEnd - 1, at + random.nextLong(1, 60)), FaultEvent.Kind.RESTART, replica, 0));
                }
            }
        }
        events.sort(Comparator.comparingLong(FaultEvent::at));
        double drop = random.nextInt(4) == 0 ? 0 : random.nextDouble(0.2);
        double duplicate = random.nextInt(3) == 0 ? 0 : random.nextDouble(0.1);
        long minDelay = random.nextLong(0, 3);
        return new FaultSchedule(drop, duplicate, minDelay, minDelay + random.nextLong(1, 30), random.nextInt(0, 50), faultsEnd, events);
    }

    /**
     * The random schedule for a run of shape {@code config}: {@link #random}, with membership changes when the
     * run has spares to add ({@link #withReconfigurations}), kept within the drift bound when it serves lease
     * reads ({@link #forLeaseReads}).
     */
    public static FaultSchedule random(long seed, SimConfig config) {
        FaultSchedule schedule = random(seed, config.replicas(), config.faultsEnd());
        if (config.spares() > 0) schedule = schedule.withReconfigurations(seed);
        return config.leaseReads() ? schedule.forLeaseReads(config.options().maxClockDrift()) : schedule;
    }

    /**
     * This schedule as lease reads assume it: clock rates drift within {@code rho} of real time and never
     * jump (a jump is an unbounded rate for an instant). Offsets between clocks stay: they are harmless.
     */
    public FaultSchedule forLeaseReads(double rho) {
        List<FaultEvent> kept = events.stream().filter(e -> e.kind() != FaultEvent.Kind.CLOCK_JUMP).toList();
        return new FaultSchedule(dropRate, duplicateRate, minDelay, maxDelay, (int) Math.floor(rho * 1000), faultsEnd, kept, adversary);
    }

    /**
     * This schedule with storage faults drawn from {@code seed} (needs {@link SimConfig#withDiskStorage()}):
     * about half of the crashes become torn writes, and about half of the schedules corrupt one durable byte
     * of one replica, which then never starts again. At most a minority of the replicas is ever corrupted
     * (with 3 replicas, one), so the rest can always make progress; the other events are unchanged.
     */
    public FaultSchedule withStorageFaults(long seed, int replicas) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x70A2_D15CL);
        List<FaultEvent> result = new ArrayList<>();
        for (FaultEvent e : events) {
            boolean tear = e.kind() == FaultEvent.Kind.CRASH && random.nextBoolean();
            result.add(tear ? new FaultEvent(e.at(), FaultEvent.Kind.TORN_WRITE, e.replica(), random.nextLong()) : e);
        }
        // Replicas stopped for good are already part of the minority that may fail.
        List<Integer> candidates = new ArrayList<>();
        for (int r = 1; r <= replicas; r++) {
            int id = r;
            if (events.stream().noneMatch(e -> e.kind() == FaultEvent.Kind.STOP && e.replica() == id)) candidates.add(r);
        }
        int corruptible = Math.max(0, (replicas - 1) / 2 - (replicas - candidates.size()));
        int corruptions = Math.min(corruptible, random.nextBoolean() ? random.nextInt(1, corruptible + 2) : 0);
        for (int i = 0; i < corruptions; i++) {
            int replica = candidates.remove(random.nextInt(candidates.size()));
            long at = faultsEnd / 3 + random.nextLong(Math.max(1, faultsEnd - faultsEnd / 3 - 1));
            result.add(new FaultEvent(at, FaultEvent.Kind.CORRUPT_BYTE, replica, random.nextLong()));
            result.add(new FaultEvent(Math.min(faultsEnd - 1, at + random.nextLong(10, 800)), FaultEvent.Kind.RESTART, replica, 0));
        }
        result.sort(Comparator.comparingLong(FaultEvent::at));
        return withEvents(result);
    }

    /**
     * This schedule with 1 to 4 membership changes drawn from {@code seed} over {@code [0, faultsEnd)}, each
     * adding a spare, removing a member or replacing one (the simulator picks which from the event's seed
     * and the configuration the leader knows at that time). Other events are unchanged.
     */
    public FaultSchedule withReconfigurations(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x2EC0_F16L);
        List<FaultEvent> result = new ArrayList<>(events);
        int changes = random.nextInt(1, 5);
        for (int i = 0; i < changes; i++) result.add(new FaultEvent(random.nextLong(Math.max(1, faultsEnd)), FaultEvent.Kind.RECONFIGURE, 0, random.nextLong()));
        result.sort(Comparator.comparingLong(FaultEvent::at));
        return withEvents(result);
    }

    public FaultSchedule withEvents(List<FaultEvent> newEvents) {
        return new FaultSchedule(dropRate, duplicateRate, minDelay, maxDelay, driftPerMille, faultsEnd, newEvents, adversary);
    }

    public FaultSchedule withRates(double drop, double duplicate) {
        return new FaultSchedule(drop, duplicate, minDelay, maxDelay, driftPerMille, faultsEnd, events, adversary);
    }

    public FaultSchedule withDelays(long min, long max) {
        return new FaultSchedule(dropRate, duplicateRate, min, max, driftPerMille, faultsEnd, events, adversary);
    }

    public FaultSchedule withDrift(int perMille) {
        return new FaultSchedule(dropRate, duplicateRate, minDelay, maxDelay, perMille, faultsEnd, events, adversary);
    }

    public FaultSchedule withAdversary(Adversary a) {
        return new FaultSchedule(dropRate, duplicateRate, minDelay, maxDelay, driftPerMille, faultsEnd, events, a);
    }

    /**
     * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012): the schedule {@link #random(long, SimConfig)}
     * draws for {@code seed}, with each fault kind switched on or off by a second draw from the seed, and the
     * adversarial kinds at drawn intensities. A kind left out of most schedules leaves room for the others:
     * rare combinations (a partition with long hold-backs and no loss, say) get many seeds each. The kinds on
     * are printed with the schedule, and the same seed draws the same ones. Membership changes, when the
     * shape has spares, are always kept; clock jumps only where the shape allows them (not with lease reads).
     */
    public static FaultSchedule swarm(long seed, SimConfig config) {
        FaultSchedule base = random(seed, config);
        SplittableRandom r = new SplittableRandom(seed ^ 0x5A4E_3D11L);
        boolean crash = r.nextBoolean(), isolate = r.nextBoolean(), partition = r.nextBoolean(), jump = r.nextBoolean();
        boolean drop = r.nextBoolean(), duplicate = r.nextBoolean(), hold = r.nextBoolean(), replay = r.nextBoolean();
        boolean rude = r.nextBoolean(), corners = r.nextBoolean();
        long electionMax = config.options().electionTimeoutMin() + config.options().electionTimeoutRange();
        long holdMin = config.options().electionTimeoutMin();
        long holdMax = holdMin + r.nextLong(electionMax, 6 * electionMax);
        Adversary a = new Adversary(hold ? r.nextDouble(0.01, 0.12) : 0, replay ? r.nextDouble(0.02, 0.25) : 0, holdMin, holdMax,
                rude ? r.nextDouble(0.05, 0.5) : 0, corners, List.of());
        List<FaultEvent> kept = new ArrayList<>();
        for (FaultEvent e : base.events) {
            boolean keep = switch (e.kind()) {
                case CRASH, RESTART, STOP -> crash;
                case ISOLATE -> isolate;
                case PARTITION -> partition;
                case HEAL -> isolate || partition;
                case CLOCK_JUMP -> jump;
                default -> true;
            };
            if (keep) kept.add(e);
        }
        List<String> on = new ArrayList<>();
        String[] names = {"crash", "isolate", "partition", "clock-jump", "drop", "duplicate", "hold", "replay", "rude", "drift-corners"};
        boolean[] flags = {crash, isolate, partition, jump && !config.leaseReads(), drop, duplicate, hold, replay, rude, corners};
        for (int i = 0; i < names.length; i++) if (flags[i]) on.add(names[i]);
        int drift = base.driftPerMille == 0 && corners ? r.nextInt(1, 50) : base.driftPerMille;
        return new FaultSchedule(drop ? base.dropRate : 0, duplicate ? base.duplicateRate : 0, base.minDelay, base.maxDelay, drift,
                base.faultsEnd, kept, a.withSwarm(on));
    }

    @Override public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("network: drop=%.3f duplicate=%.3f delay=%d..%dms drift<=%d‰; faults end at t=%d; %d fault events",
                dropRate, duplicateRate, minDelay, maxDelay, driftPerMille, faultsEnd, events.size()));
        if (!adversary.isNone() || !adversary.swarm().isEmpty()) s.append("\n").append(adversary);
        for (FaultEvent e : events) s.append("\n  ").append(e);
        return s.toString();
    }
}

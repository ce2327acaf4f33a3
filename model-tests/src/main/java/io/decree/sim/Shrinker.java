package io.decree.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Shrinks a failing fault schedule to a smaller one that still breaks the same invariant, by delta
 * debugging (Zeller's ddmin) over the discrete fault events, then by simplifying the message faults
 * (no duplication, no loss, less latency spread, no drift) and the adversarial kinds one by one (no
 * replays, no hold-backs, shorter hold-backs, polite clients, drift anywhere in the bound rather than at
 * its corners), then delta debugging again. The seed
 * is kept: it still drives latencies and time-outs, so the shrunk schedule replays with the same seed.
 */
public final class Shrinker {
    private final Function<FaultSchedule, SimResult> runner;
    private final String invariant;
    private int runs;

    /** @param runner runs the simulation with the original seed and config on a schedule */
    public Shrinker(Function<FaultSchedule, SimResult> runner, String invariant) {
        this.runner = runner;
        this.invariant = invariant;
    }

    public static Shrinker of(long seed, SimConfig config, String invariant) {
        return new Shrinker(s -> new Simulation(seed, config, s).run(), invariant);
    }

    /** Number of simulations run while shrinking. */
    public int runs() { return runs; }

    public FaultSchedule shrink(FaultSchedule failing) {
        FaultSchedule current = failing.withEvents(ddmin(failing, failing.events()));
        current = tryReplace(current, current.withRates(current.dropRate(), 0));
        current = tryReplace(current, current.withRates(0, current.duplicateRate()));
        current = tryReplace(current, current.withDelays(current.minDelay(), current.minDelay()));
        current = tryReplace(current, current.withDrift(0));
        current = shrinkAdversary(current);
        current = current.withEvents(ddmin(current, current.events()));
        return current;
    }

    /** One step per adversarial fault kind: each is dropped (or tamed) if the run still fails without it. */
    private FaultSchedule shrinkAdversary(FaultSchedule current) {
        Adversary a = current.adversary();
        if (a.replayRate() > 0) current = tryReplace(current, current.withAdversary(current.adversary().withReplay(0)));
        if (current.adversary().holdRate() > 0) current = tryReplace(current, current.withAdversary(current.adversary().withHold(0)));
        Adversary held = current.adversary();
        if ((held.holdRate() > 0 || held.replayRate() > 0) && held.holdMax() > held.holdMin())
            current = tryReplace(current, current.withAdversary(held.withHoldRange(held.holdMin(), (held.holdMin() + held.holdMax()) / 2)));
        if (current.adversary().rudeRate() > 0) current = tryReplace(current, current.withAdversary(current.adversary().withRude(0)));
        if (current.adversary().driftCorners()) current = tryReplace(current, current.withAdversary(current.adversary().withDriftCorners(false)));
        return current;
    }

    private FaultSchedule tryReplace(FaultSchedule current, FaultSchedule candidate) {
        return fails(candidate) ? candidate : current;
    }

    private List<FaultEvent> ddmin(FaultSchedule base, List<FaultEvent> events) {
        List<FaultEvent> current = new ArrayList<>(events);
        int granularity = 2;
        while (current.size() >= 1) {
            int chunk = Math.max(1, (int) Math.ceil(current.size() / (double) granularity));
            boolean reduced = false;
            for (int start = 0; start < current.size(); start += chunk) {
                List<FaultEvent> complement = new ArrayList<>(current.subList(0, start));
                complement.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                if (fails(base.withEvents(complement))) {
                    current = complement;
                    granularity = Math.max(granularity - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunk == 1) break;
                granularity = Math.min(current.size(), granularity * 2);
            }
        }
        return current;
    }

    private boolean fails(FaultSchedule schedule) {
        runs++;
        SimResult r = runner.apply(schedule);
        return !r.ok() && r.violation().invariant().equals(invariant);
    }
}

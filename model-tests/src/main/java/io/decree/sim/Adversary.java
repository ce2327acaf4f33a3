package io.decree.sim;

import java.util.List;

/**
 * The adversarial fault kinds of a schedule (issue #16), beyond loss, duplication and reordering: each is
 * off at zero, so a schedule without them runs exactly as before they existed (no random draw is spent).
 *
 * @param holdRate     chance that a message between replicas is held back for {@code holdMin..holdMax} ms
 *                     instead of the usual latency: longer than an election timeout, so it arrives after one
 *                     or more elections (a 2b reaching a leader that has re-proposed its slot since)
 * @param replayRate   chance that a phase-1b, 2a or 2b message is also delivered again, {@code holdMin..holdMax}
 *                     ms later: a duplicate from an older ballot, across elections
 * @param holdMin      least hold-back, ms
 * @param holdMax      greatest hold-back, ms
 * @param rudeRate     chance, each time a client sends, that it also sends an old request (one it already
 *                     had answered) or a duplicate of its current one, to a replica picked at random; every
 *                     answer must equal the first answer to that request (SessionReply)
 * @param driftCorners every replica's clock runs at one of the corners of the drift bound, fast (+ρ) or slow
 *                     (−ρ), drawn per replica, instead of anywhere in [−ρ, ρ]: a slow leader against fast
 *                     acceptors is what a lease that is too long needs to show
 * @param swarm        the fault kinds a swarm draw turned on (for the printout; empty outside swarm testing)
 */
public record Adversary(double holdRate, double replayRate, long holdMin, long holdMax, double rudeRate,
                        boolean driftCorners, List<String> swarm) {

    /** No adversarial fault. */
    public static final Adversary NONE = new Adversary(0, 0, 0, 0, 0, false, List.of());

    public Adversary {
        swarm = List.copyOf(swarm);
        rate("holdRate", holdRate);
        rate("replayRate", replayRate);
        rate("rudeRate", rudeRate);
        if ((holdRate > 0 || replayRate > 0) && (holdMin < 1 || holdMax < holdMin))
            throw new IllegalArgumentException("hold-back must satisfy 1 <= min <= max ms, got " + holdMin + ".." + holdMax);
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value < 1)) throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }

    /** True when no adversarial fault is on. */
    public boolean isNone() { return holdRate == 0 && replayRate == 0 && rudeRate == 0 && !driftCorners; }

    public Adversary withHold(double rate) { return new Adversary(rate, replayRate, holdMin, holdMax, rudeRate, driftCorners, swarm); }

    public Adversary withReplay(double rate) { return new Adversary(holdRate, rate, holdMin, holdMax, rudeRate, driftCorners, swarm); }

    public Adversary withHoldRange(long min, long max) { return new Adversary(holdRate, replayRate, min, max, rudeRate, driftCorners, swarm); }

    public Adversary withRude(double rate) { return new Adversary(holdRate, replayRate, holdMin, holdMax, rate, driftCorners, swarm); }

    public Adversary withDriftCorners(boolean on) { return new Adversary(holdRate, replayRate, holdMin, holdMax, rudeRate, on, swarm); }

    public Adversary withSwarm(List<String> kinds) { return new Adversary(holdRate, replayRate, holdMin, holdMax, rudeRate, driftCorners, kinds); }

    @Override public String toString() {
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "adversary: hold=%.3f replay=%.3f (held %d..%dms) rude=%.3f drift=%s",
                holdRate, replayRate, holdMin, holdMax, rudeRate, driftCorners ? "corners" : "uniform"));
        if (!swarm.isEmpty()) s.append("; swarm on: ").append(String.join(" ", swarm));
        return s.toString();
    }
}

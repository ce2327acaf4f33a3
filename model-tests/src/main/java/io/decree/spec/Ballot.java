package io.decree.spec;

/**
 * A ballot {@code <<round, replica>>}, ordered lexicographically, so every ballot has exactly one owner
 * (TLA+ {@code Ballots}, {@code Less}, {@code Owner}). {@link #ZERO} is TLA+ {@code Zero}: "no ballot",
 * below every ballot. Rounds are unbounded (a {@code long}); a model bounds them with {@link Model#maxRound()}.
 */
public record Ballot(long round, int replica) implements Comparable<Ballot> {
    public static final Ballot ZERO = new Ballot(0, 0);

    public Ballot {
        if (round < 0 || replica < 0 || (round == 0) != (replica == 0)) {
            throw new IllegalArgumentException("not a ballot: (" + round + "," + replica + ")");
        }
    }

    public static Ballot of(long round, int replica) {
        return round == 0 && replica == 0 ? ZERO : new Ballot(round, replica);
    }

    public boolean isZero() {
        return round == 0;
    }

    /** TLA+ {@code Owner(b)}. */
    public int owner() {
        return replica;
    }

    @Override
    public int compareTo(Ballot o) {
        int c = Long.compare(round, o.round);
        return c != 0 ? c : Integer.compare(replica, o.replica);
    }

    public boolean less(Ballot o) {
        return compareTo(o) < 0;
    }

    public boolean lessEq(Ballot o) {
        return compareTo(o) <= 0;
    }

    public static Ballot max(Ballot a, Ballot b) {
        return a.less(b) ? b : a;
    }

    @Override
    public String toString() {
        return "<<" + round + "," + replica + ">>";
    }
}

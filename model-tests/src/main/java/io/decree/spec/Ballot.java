package io.decree.spec;

/**
 * A ballot {@code <<round, replica>>}, ordered lexicographically, so every ballot has exactly one owner
 * (TLA+ {@code Ballots}, {@code Less}, {@code Owner}). {@link #ZERO} is TLA+ {@code Zero}: "no ballot",
 * below every ballot. Rounds are unbounded (a {@code long}); a model bounds them with {@link Model#maxRound()}.
 */
public record Ballot(long round, int replica) implements Comparable<Ballot> {
    // equals and hashCode written out, with the values the record's generated ones give (fields in order, h = 31 *
    // h + field's hash): the generated ones go through method handles (ObjectMethods), which a cold JVM runs in its
    // interpreter and compiles as a hundred small methods; the search calls these on every step (README, timings).
    @Override
    public boolean equals(Object o) {
        return o instanceof Ballot b && b.round == round && b.replica == replica;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(round) + replica;
    }

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

package io.decree.spec;

/** An acceptor's latest vote in a slot: the ballot and value it accepted (TLA+ {@code [bal |-> b, val |-> v]}). */
public record Vote(Ballot bal, Value val) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Vote v && v.bal.equals(bal) && v.val.equals(val);
    }

    @Override
    public int hashCode() {
        return 31 * bal.hashCode() + val.hashCode();
    }

    public Vote {
        if (bal == null || val == null || bal.isZero()) {
            throw new IllegalArgumentException("a vote needs a ballot and a value; no vote is absent, not (0,0)");
        }
    }

    @Override
    public String toString() {
        return "[bal |-> " + bal + ", val |-> " + val + "]";
    }
}

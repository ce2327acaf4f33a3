package io.decree.spec;

/**
 * A configuration: the set of replicas (ids 1..63) whose majorities are the quorums, held as a bit mask
 * (bit {@code r} set = replica {@code r} is a member).
 */
public record Config(long mask) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && c.mask == mask;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(mask);
    }

    public Config {
        if (mask == 0 || (mask & 1L) != 0) {
            throw new IllegalArgumentException("a configuration needs members among replicas 1..63, got mask " + mask);
        }
    }

    public static Config of(int... members) {
        long m = 0;
        for (int r : members) {
            if (r < 1 || r > 63) {
                throw new IllegalArgumentException("replica id out of range 1..63: " + r);
            }
            m |= 1L << r;
        }
        return new Config(m);
    }

    /** Replicas 1..n. */
    public static Config all(int n) {
        if (n < 1 || n > 63) {
            throw new IllegalArgumentException("replica count out of range 1..63: " + n);
        }
        return new Config(((1L << n) - 1) << 1);
    }

    public boolean contains(int r) {
        return r >= 1 && r <= 63 && (mask & (1L << r)) != 0;
    }

    public int size() {
        return Long.bitCount(mask);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int r = 1; r < 64; r++) {
            if (contains(r)) {
                sb.append(sb.length() > 1 ? ", " : "").append(r);
            }
        }
        return sb.append('}').toString();
    }
}

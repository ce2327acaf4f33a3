package io.decree.server.verify;

/**
 * Shard {@code index} of {@code count} ({@code --shard i/n}, 1-based): owns seed s when (s - 1) mod n = i - 1,
 * and the k-th mutant of the registry when k mod n = i - 1. Deterministic, and the shards of a split are
 * disjoint and cover every seed, so n machines together run exactly what one would.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count)
            throw new IllegalArgumentException("--shard takes i/n with 1 <= i <= n, got " + index + "/" + count);
    }

    /** Parses "i/n". */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) throw new IllegalArgumentException("--shard takes i/n (for example 2/4), got '" + text + "'");
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard takes i/n with whole numbers (for example 2/4), got '" + text + "'");
        }
    }

    public boolean ownsSeed(long seed) { return Math.floorMod(seed - 1, (long) count) == index - 1; }

    public boolean ownsIndex(int k) { return k % count == index - 1; }

    @Override public String toString() { return index + "/" + count; }
}

package io.decree.faults;

/**
 * What a {@link FaultProxy} link does with traffic: pass it, drop it (open connections are closed, new ones
 * are accepted and closed at once, as a partition looks to TCP: the peer sees resets and reconnects in vain),
 * or pass it after a fixed delay per chunk read.
 */
public record LinkMode(Kind kind, long delayMillis) {
    public enum Kind { PASS, DROP, DELAY }

    public static final LinkMode PASS = new LinkMode(Kind.PASS, 0);
    public static final LinkMode DROP = new LinkMode(Kind.DROP, 0);

    public LinkMode {
        if (delayMillis < 0) throw new IllegalArgumentException("negative delay " + delayMillis + " ms");
        if (kind != Kind.DELAY && delayMillis != 0) throw new IllegalArgumentException(kind + " takes no delay (got " + delayMillis + " ms)");
    }

    public static LinkMode delay(long millis) {
        if (millis <= 0) throw new IllegalArgumentException("a delay must be positive, got " + millis + " ms");
        return new LinkMode(Kind.DELAY, millis);
    }

    @Override public String toString() { return kind == Kind.DELAY ? "delay " + delayMillis + " ms" : kind.name().toLowerCase(); }
}

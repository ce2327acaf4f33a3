package io.decree.engine.client;

/** The replica asked is not the leader; {@link #leaderHint()} names the one it believes leads (0: unknown). */
public final class NotLeaderException extends RuntimeException {
    private final int leaderHint;

    public NotLeaderException(int replica, int leaderHint) {
        super("replica " + replica + " is not the leader" + (leaderHint > 0 ? "; try replica " + leaderHint : "; leader unknown"));
        this.leaderHint = leaderHint;
    }

    public int leaderHint() { return leaderHint; }
}

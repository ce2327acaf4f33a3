package io.decree.engine.message;

/**
 * The outcome of a client's request {@code sequence}. On {@link Status#NOT_LEADER}, {@code leaderHint}
 * names the replica believed to lead (0 when unknown).
 */
public record ClientReply(long clientId, long sequence, Status status, byte[] result, int leaderHint, String error)
        implements Message {

    public enum Status { OK, NOT_LEADER, MALFORMED, TOO_LARGE }

    public static ClientReply ok(long clientId, long sequence, byte[] result) {
        return new ClientReply(clientId, sequence, Status.OK, result, 0, null);
    }

    public static ClientReply notLeader(long clientId, long sequence, int leaderHint) {
        return new ClientReply(clientId, sequence, Status.NOT_LEADER, null, leaderHint, "not the leader");
    }

    public static ClientReply rejected(long clientId, long sequence, Status status, String error) {
        return new ClientReply(clientId, sequence, status, null, 0, error);
    }
}

package io.decree.engine.message;

import io.decree.engine.protocol.Command;
import io.decree.engine.protocol.Decree;

/**
 * A message as primitives, for the wire path where a record per message was the only allocation left: a
 * kind, up to three longs and one reference. The wire decoder fills these from a frame, the runtime's
 * inbound ring carries them in preallocated slots, and the replica has an entry point per kind that takes
 * them as arguments; the record-based path ({@link Message}, the simulator's) is unchanged and both reach
 * the same handler code.
 *
 * <pre>
 *   kind            a            b              c              ref
 *   RECORD          -            -              -              the Message (any type, e.g. a 1b or a catch-up reply)
 *   PHASE_1A        ballot       fromSlot       -              -
 *   PHASE_2A        ballot       slot           -              the Decree
 *   PHASE_2B        ballot       slot           -              -
 *   PREEMPTED       rejected     promised       -              -
 *   COMMIT          ballot       slot           -              -
 *   HEARTBEAT       ballot       firstUnchosen  leaseRound     -
 *   LEASE_GRANT     ballot       leaseRound     firstUnchosen  -
 *   CLIENT_REQUEST  read (0/1)   -              -              the Command
 *   CLIENT_REPLY_OK clientId     sequence       -              the result (byte[], may be null)
 * </pre>
 * The field order of each kind is its record's component order.
 */
public final class Flat {
    public static final int RECORD = 0;
    public static final int PHASE_1A = 1;
    public static final int PHASE_2A = 2;
    public static final int PHASE_2B = 3;
    public static final int PREEMPTED = 4;
    public static final int COMMIT = 5;
    public static final int HEARTBEAT = 6;
    public static final int LEASE_GRANT = 7;
    public static final int CLIENT_REQUEST = 8;
    /** A {@link ClientReply} with status OK (the other statuses are rare and go as records). */
    public static final int CLIENT_REPLY_OK = 9;

    private Flat() {}

    /** The record of a flat message (for receivers that take records: the simulator, test stand-ins). */
    public static Message toMessage(int kind, long a, long b, long c, Object ref) {
        return switch (kind) {
            case RECORD -> (Message) ref;
            case PHASE_1A -> new Phase1a(a, b);
            case PHASE_2A -> new Phase2a(a, b, (Decree) ref);
            case PHASE_2B -> new Phase2b(a, b);
            case PREEMPTED -> new Preempted(a, b);
            case COMMIT -> new Commit(a, b);
            case HEARTBEAT -> new Heartbeat(a, b, c);
            case LEASE_GRANT -> new LeaseGrant(a, b, c);
            case CLIENT_REQUEST -> new ClientRequest((Command) ref, a != 0);
            case CLIENT_REPLY_OK -> ClientReply.ok(a, b, (byte[]) ref);
            default -> throw new IllegalArgumentException("no message kind " + kind);
        };
    }

    /** Whether {@code kind} names a message only clients send (a replica refuses it from another replica). */
    public static boolean fromClientsOnly(int kind, Object ref) {
        return kind == CLIENT_REQUEST || kind == CLIENT_REPLY_OK || (kind == RECORD && (ref instanceof ClientRequest || ref instanceof ClientReply));
    }
}

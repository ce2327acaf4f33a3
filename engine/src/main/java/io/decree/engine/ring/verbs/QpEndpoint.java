package io.decree.engine.ring.verbs;

/**
 * What one side of a reliable connection tells the other out of band before either can reach RTR: its queue
 * pair number, its first packet sequence number, and its address on the fabric (the LID on InfiniBand; the
 * GID, here as two big-endian halves, on RoCE, where the LID is 0). {@code verbs} brings up a connection as
 * {@code rc_pingpong} from rdma-core's examples does: each side creates its QP, they swap endpoints, and
 * each moves its own QP to RTR aimed at the other's.
 */
public record QpEndpoint(int qpNumber, int packetSequence, int lid, long gidSubnetPrefix, long gidInterfaceId) {
    public QpEndpoint {
        if ((qpNumber & ~0xFF_FFFF) != 0) throw new IllegalArgumentException("qp number " + qpNumber + " is not 24-bit");
        if ((packetSequence & ~0xFF_FFFF) != 0) throw new IllegalArgumentException("psn " + packetSequence + " is not 24-bit");
        if ((lid & ~0xFFFF) != 0) throw new IllegalArgumentException("lid " + lid + " is not 16-bit");
    }

    /** RoCE (and routed InfiniBand) needs a global route header: true when there is a GID and no LID. */
    public boolean needsGlobalRoute() {
        return lid == 0 && (gidSubnetPrefix != 0 || gidInterfaceId != 0);
    }
}

package io.decree.engine.ring.verbs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.decree.engine.ring.verbs.VerbsConstants.*;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_QP_ATTR;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Encodes the {@code struct ibv_qp_attr} and attribute mask of each {@code ibv_modify_qp} a reliable-connected
 * queue pair goes through: RESET → INIT → RTR → RTS to connect, and → ERROR to fence. The masks are the ones
 * the kernel requires for an RC QP (each transition refuses a missing required attribute with EINVAL, and an
 * attribute not allowed in it likewise), the same set rdma-core's {@code rc_pingpong} example passes.
 * {@code QpTransitionsTest} compares the masks and the encoded bytes with a C program's.
 */
public final class QpTransitions {
    /** RESET → INIT: the port, and what the peer may do to our memory through this QP. */
    public static final int INIT_MASK = IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS;
    /** INIT → RTR: where the peer is, its QP number and first PSN, the path MTU, receive-side resources. */
    public static final int RTR_MASK = IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN
            | IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER;
    /** RTR → RTS: our first PSN and the send side's retry policy. */
    public static final int RTS_MASK = IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY
            | IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC;
    /** any → ERROR: the fence. Incoming requests are refused and outstanding ones flushed. */
    public static final int ERROR_MASK = IBV_QP_STATE;
    /**
     * RTS → RTS taking remote write away: no {@code IBV_QP_STATE} in the mask, so the state stays, and
     * {@code IBV_QP_ACCESS_FLAGS} is one of the attributes RTS → RTS may change. Later RDMA WRITEs from the
     * peer are NAKed with a remote access error, which the peer sees at once in its completion.
     */
    public static final int REVOKE_MASK = IBV_QP_ACCESS_FLAGS;

    /** The peer may only RDMA WRITE through the QP (no read, no atomics): see {@link RegionUse}. */
    public static final int QP_ACCESS = IBV_ACCESS_REMOTE_WRITE;
    /** 4.096 µs × 2^14 ≈ 67 ms local ACK timeout, 7 retries: rc_pingpong's values. */
    static final int TIMEOUT = 14;
    static final int RETRY_COUNT = 7;
    /** 7 means retry forever on receiver-not-ready (only WRITE_WITH_IMM and SEND consume receives). */
    static final int RNR_RETRY = 7;
    /** Index 12 in the RNR timer table: 0.64 ms. */
    static final int MIN_RNR_TIMER = 12;
    static final int HOP_LIMIT = 1;

    private static final long QP_STATE = offset(IBV_QP_ATTR, "qp_state");
    private static final long PATH_MTU = offset(IBV_QP_ATTR, "path_mtu");
    private static final long RQ_PSN = offset(IBV_QP_ATTR, "rq_psn");
    private static final long SQ_PSN = offset(IBV_QP_ATTR, "sq_psn");
    private static final long DEST_QP_NUM = offset(IBV_QP_ATTR, "dest_qp_num");
    private static final long QP_ACCESS_FLAGS = offset(IBV_QP_ATTR, "qp_access_flags");
    private static final long AH_DLID = offset(IBV_QP_ATTR, "ah_attr.dlid");
    private static final long AH_IS_GLOBAL = offset(IBV_QP_ATTR, "ah_attr.is_global");
    private static final long AH_PORT = offset(IBV_QP_ATTR, "ah_attr.port_num");
    private static final long GRH_DGID = offset(IBV_QP_ATTR, "ah_attr.grh.dgid");
    private static final long GRH_SGID_INDEX = offset(IBV_QP_ATTR, "ah_attr.grh.sgid_index");
    private static final long GRH_HOP_LIMIT = offset(IBV_QP_ATTR, "ah_attr.grh.hop_limit");
    private static final long PKEY_INDEX = offset(IBV_QP_ATTR, "pkey_index");
    private static final long MAX_RD_ATOMIC = offset(IBV_QP_ATTR, "max_rd_atomic");
    private static final long MAX_DEST_RD_ATOMIC = offset(IBV_QP_ATTR, "max_dest_rd_atomic");
    private static final long MIN_RNR = offset(IBV_QP_ATTR, "min_rnr_timer");
    private static final long PORT_NUM = offset(IBV_QP_ATTR, "port_num");
    private static final long ATTR_TIMEOUT = offset(IBV_QP_ATTR, "timeout");
    private static final long RETRY_CNT = offset(IBV_QP_ATTR, "retry_cnt");
    private static final long ATTR_RNR_RETRY = offset(IBV_QP_ATTR, "rnr_retry");
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment attr;

    public QpTransitions(Arena arena) {
        attr = arena.allocate(IBV_QP_ATTR);
    }

    /** The attribute block the last call encoded: {@code ibv_modify_qp}'s {@code attr}. */
    MemorySegment attr() {
        return attr;
    }

    /** Encodes RESET → INIT on {@code port}; returns the mask. */
    public int init(int port) {
        attr.fill((byte) 0);
        attr.set(JAVA_INT, QP_STATE, IBV_QPS_INIT);
        attr.set(JAVA_SHORT, PKEY_INDEX, (short) 0);
        attr.set(JAVA_BYTE, PORT_NUM, (byte) port);
        attr.set(JAVA_INT, QP_ACCESS_FLAGS, QP_ACCESS);
        return INIT_MASK;
    }

    /** Encodes INIT → RTR toward {@code remote} at {@code pathMtu} (an {@code IBV_MTU_*}); returns the mask. */
    public int readyToReceive(QpEndpoint remote, int port, int pathMtu, int gidIndex) {
        attr.fill((byte) 0);
        attr.set(JAVA_INT, QP_STATE, IBV_QPS_RTR);
        attr.set(JAVA_INT, PATH_MTU, pathMtu);
        attr.set(JAVA_INT, DEST_QP_NUM, remote.qpNumber());
        attr.set(JAVA_INT, RQ_PSN, remote.packetSequence());
        attr.set(JAVA_BYTE, MAX_DEST_RD_ATOMIC, (byte) 1);
        attr.set(JAVA_BYTE, MIN_RNR, (byte) MIN_RNR_TIMER);
        attr.set(JAVA_SHORT, AH_DLID, (short) remote.lid());
        attr.set(JAVA_BYTE, AH_PORT, (byte) port);
        if (remote.needsGlobalRoute()) {
            attr.set(JAVA_BYTE, AH_IS_GLOBAL, (byte) 1);
            attr.set(BE_LONG, GRH_DGID, remote.gidSubnetPrefix());
            attr.set(BE_LONG, GRH_DGID + 8, remote.gidInterfaceId());
            attr.set(JAVA_BYTE, GRH_SGID_INDEX, (byte) gidIndex);
            attr.set(JAVA_BYTE, GRH_HOP_LIMIT, (byte) HOP_LIMIT);
        }
        return RTR_MASK;
    }

    /** Encodes RTR → RTS sending from {@code localPsn}; returns the mask. */
    public int readyToSend(int localPsn) {
        attr.fill((byte) 0);
        attr.set(JAVA_INT, QP_STATE, IBV_QPS_RTS);
        attr.set(JAVA_BYTE, ATTR_TIMEOUT, (byte) TIMEOUT);
        attr.set(JAVA_BYTE, RETRY_CNT, (byte) RETRY_COUNT);
        attr.set(JAVA_BYTE, ATTR_RNR_RETRY, (byte) RNR_RETRY);
        attr.set(JAVA_INT, SQ_PSN, localPsn);
        attr.set(JAVA_BYTE, MAX_RD_ATOMIC, (byte) 1);
        return RTS_MASK;
    }

    /** Encodes the permission switch: remote write taken away, the QP left in RTS; returns the mask. */
    public int revokeAccess() {
        attr.fill((byte) 0);
        attr.set(JAVA_INT, QP_ACCESS_FLAGS, 0);
        return REVOKE_MASK;
    }

    /** Encodes → ERROR (the fence); returns the mask. */
    public int error() {
        attr.fill((byte) 0);
        attr.set(JAVA_INT, QP_STATE, IBV_QPS_ERR);
        return ERROR_MASK;
    }
}

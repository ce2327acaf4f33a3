package io.decree.engine.ring.verbs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.decree.engine.ring.verbs.VerbsConstants.IBV_QPT_RC;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_CONTEXT;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_QP;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_QP_INIT_ATTR;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A reliable-connected queue pair: {@code ibv_create_qp} with {@code IBV_QPT_RC}, brought up by
 * {@link #connect} through INIT, RTR and RTS ({@link QpTransitions}), fenced by {@link #fence} (→ ERROR).
 * {@link #post(SendRequests)} and {@link #post(RecvRequests)} are verbs.h's inline {@code ibv_post_send}
 * and {@code ibv_post_recv}: calls through {@code qp->context->ops.post_send} / {@code post_recv}.
 * Owned by one thread.
 */
public final class QueuePair implements AutoCloseable {
    private final Ibverbs lib;
    private final VerbsDevice device;
    final MemorySegment qp;
    private final MemorySegment postSendFn;
    private final MemorySegment postRecvFn;
    private final QpTransitions transitions;
    private final int qpNumber;
    private final int psn;
    private boolean closed;

    QueuePair(VerbsDevice device, Arena arena, CompletionQueue sendCq, CompletionQueue recvCq, int maxSend, int maxRecv,
              int psn) {
        this.lib = device.lib;
        this.device = device;
        this.psn = psn & 0xFF_FFFF;
        MemorySegment init = arena.allocate(IBV_QP_INIT_ATTR);
        init.set(ADDRESS, offset(IBV_QP_INIT_ATTR, "send_cq"), sendCq.cq);
        init.set(ADDRESS, offset(IBV_QP_INIT_ATTR, "recv_cq"), recvCq.cq);
        init.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "cap.max_send_wr"), maxSend);
        init.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "cap.max_recv_wr"), maxRecv);
        init.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "cap.max_send_sge"), 1);
        init.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "cap.max_recv_sge"), 1);
        init.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "qp_type"), IBV_QPT_RC);
        init.set(JAVA_INT, offset(IBV_QP_INIT_ATTR, "sq_sig_all"), 0);   // completions only where asked
        this.qp = lib.createQp(device.pd, init);
        this.qpNumber = qp.get(JAVA_INT, offset(IBV_QP, "qp_num"));
        MemorySegment context = qp.get(ADDRESS, offset(IBV_QP, "context")).reinterpret(IBV_CONTEXT.byteSize());
        this.postSendFn = Ibverbs.opsFunction(context, "post_send");
        this.postRecvFn = Ibverbs.opsFunction(context, "post_recv");
        this.transitions = new QpTransitions(arena);
    }

    /** What the peer needs to connect to this QP. */
    public QpEndpoint endpoint() {
        return device.endpoint(qpNumber, psn);
    }

    /** RESET → INIT → RTR (toward {@code remote}) → RTS. */
    public void connect(QpEndpoint remote) {
        modify("INIT", transitions.init(device.port));
        modify("RTR", transitions.readyToReceive(remote, device.port, device.activeMtu, device.gidIndex));
        modify("RTS", transitions.readyToSend(psn));
    }

    /**
     * → ERROR: the QP stops executing requests from the peer (incoming RDMA WRITEs are refused, so the peer's
     * requests complete with an error) and flushes its own outstanding ones. Allowed from any state.
     */
    public void fence() {
        modify("ERROR", transitions.error());
    }

    /**
     * Mu's permission switch on this QP: remote write taken away while it stays in RTS (the peer's next
     * WRITE fails with a remote access error). Returns false, changing nothing, if the provider refuses the
     * change; the caller then falls back to {@link #fence}.
     */
    public boolean revokeAccess() {
        return lib.modifyQp(qp, transitions.attr(), transitions.revokeAccess()) == 0;
    }

    private void modify(String state, int mask) {
        int rc = lib.modifyQp(qp, transitions.attr(), mask);
        if (rc != 0) throw new VerbsException("ibv_modify_qp(qp " + qpNumber + " -> " + state + ", mask 0x"
                + Integer.toHexString(mask) + ") failed: " + lib.describeErrno(rc));
    }

    /** {@code ibv_post_send} of the whole chain. */
    public void post(SendRequests requests) {
        int rc;
        try {
            rc = (int) lib.postWr.invokeExact(postSendFn, qp, requests.head(), requests.badWrSlot());
        } catch (Throwable t) {
            throw new IllegalStateException("post_send call failed", t);
        }
        if (rc != 0) {
            int bad = requests.indexOf(requests.badWrSlot().get(ADDRESS, 0));
            throw new VerbsException("ibv_post_send(qp " + qpNumber + ") refused work request " + bad + " of "
                    + requests.count() + ": " + lib.describeErrno(rc));
        }
    }

    /** {@code ibv_post_recv} of one receive. */
    public void post(RecvRequests request) {
        int rc;
        try {
            rc = (int) lib.postWr.invokeExact(postRecvFn, qp, request.head(), request.badWrSlot());
        } catch (Throwable t) {
            throw new IllegalStateException("post_recv call failed", t);
        }
        if (rc != 0) throw new VerbsException("ibv_post_recv(qp " + qpNumber + ") failed: " + lib.describeErrno(rc));
    }

    public int qpNumber() {
        return qpNumber;
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        lib.destroyQp(qp);
    }
}

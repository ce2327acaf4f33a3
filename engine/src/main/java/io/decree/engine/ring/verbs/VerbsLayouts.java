package io.decree.engine.ring.verbs;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;

import static io.decree.engine.ring.verbs.CStruct.struct;
import static io.decree.engine.ring.verbs.CStruct.union;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The libibverbs structs this package reads or writes, as {@link MemoryLayout}s transcribed member by member
 * from {@code <infiniband/verbs.h>} (rdma-core 44, Debian bookworm's libibverbs-dev; the verbs ABI has only
 * grown at the ends of structs since rdma-core 13). Member names are the C names, so
 * {@code VerbsLayoutTest} can compile a C program that prints {@code offsetof} of each named member and
 * {@code sizeof} of each struct and compare all of them with these layouts. Anonymous C unions are unnamed
 * groups here, so their members are found under the enclosing struct, as in C.
 *
 * <p>{@code pthread_mutex_t} and {@code pthread_cond_t} (inside {@code ibv_context}, {@code ibv_cq},
 * {@code ibv_qp}) are glibc x86_64/aarch64 sizes, 40 and 48 bytes, 8-aligned: the test checks them too.
 */
public final class VerbsLayouts {
    private VerbsLayouts() {}

    private static final MemoryLayout U8 = JAVA_BYTE;
    private static final MemoryLayout U16 = JAVA_SHORT;
    private static final MemoryLayout U32 = JAVA_INT;
    private static final MemoryLayout U64 = JAVA_LONG;
    private static final MemoryLayout PTR = ADDRESS;

    private static SequenceLayout opaque(String name, long bytes) {
        return MemoryLayout.sequenceLayout(bytes / 8, JAVA_LONG).withName(name);
    }

    private static MemoryLayout u8(String n) { return U8.withName(n); }
    private static MemoryLayout u16(String n) { return U16.withName(n); }
    private static MemoryLayout u32(String n) { return U32.withName(n); }
    private static MemoryLayout u64(String n) { return U64.withName(n); }
    private static MemoryLayout ptr(String n) { return PTR.withName(n); }

    /** {@code struct ibv_sge}: one scatter/gather element. */
    public static final GroupLayout IBV_SGE = struct("ibv_sge", u64("addr"), u32("length"), u32("lkey"));

    /** {@code struct ibv_mw_bind_info}: only for the size of {@code ibv_send_wr}'s last union. */
    static final GroupLayout IBV_MW_BIND_INFO = struct("bind_info",
            ptr("mr"), u64("addr"), u64("length"), u32("mw_access_flags"));

    /** {@code struct ibv_send_wr}, with the {@code wr} union's {@code rdma}, {@code atomic} and {@code ud} arms. */
    public static final GroupLayout IBV_SEND_WR = struct("ibv_send_wr",
            u64("wr_id"), ptr("next"), ptr("sg_list"), u32("num_sge"), u32("opcode"), u32("send_flags"),
            union(null, u32("imm_data"), u32("invalidate_rkey")),
            union("wr",
                    struct("rdma", u64("remote_addr"), u32("rkey")),
                    struct("atomic", u64("remote_addr"), u64("compare_add"), u64("swap"), u32("rkey")),
                    struct("ud", ptr("ah"), u32("remote_qpn"), u32("remote_qkey"))),
            union("qp_type", struct("xrc", u32("remote_srqn"))),
            union(null,
                    struct("bind_mw", ptr("mw"), u32("rkey"), IBV_MW_BIND_INFO),
                    struct("tso", ptr("hdr"), u16("hdr_sz"), u16("mss"))));

    /** {@code struct ibv_recv_wr}. */
    public static final GroupLayout IBV_RECV_WR = struct("ibv_recv_wr",
            u64("wr_id"), ptr("next"), ptr("sg_list"), u32("num_sge"));

    /** {@code struct ibv_wc}: one work completion. */
    public static final GroupLayout IBV_WC = struct("ibv_wc",
            u64("wr_id"), u32("status"), u32("opcode"), u32("vendor_err"), u32("byte_len"),
            union(null, u32("imm_data"), u32("invalidated_rkey")),
            u32("qp_num"), u32("src_qp"), u32("wc_flags"), u16("pkey_index"), u16("slid"), u8("sl"),
            u8("dlid_path_bits"));

    /** {@code struct ibv_qp_cap}. */
    static GroupLayout qpCap() {
        return struct("cap", u32("max_send_wr"), u32("max_recv_wr"), u32("max_send_sge"), u32("max_recv_sge"),
                u32("max_inline_data"));
    }

    /** {@code struct ibv_qp_init_attr}. */
    public static final GroupLayout IBV_QP_INIT_ATTR = struct("ibv_qp_init_attr",
            ptr("qp_context"), ptr("send_cq"), ptr("recv_cq"), ptr("srq"), qpCap(), u32("qp_type"),
            u32("sq_sig_all"));

    /** {@code union ibv_gid} seen as its {@code global} arm. */
    static GroupLayout gid(String name) {
        return union(name, MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("raw"),
                struct("global", u64("subnet_prefix"), u64("interface_id")));
    }

    /** {@code struct ibv_ah_attr} with its {@code struct ibv_global_route grh}. */
    static GroupLayout ahAttr(String name) {
        return struct(name,
                struct("grh", gid("dgid"), u32("flow_label"), u8("sgid_index"), u8("hop_limit"), u8("traffic_class")),
                u16("dlid"), u8("sl"), u8("src_path_bits"), u8("static_rate"), u8("is_global"), u8("port_num"));
    }

    /** {@code struct ibv_qp_attr}: the argument of {@code ibv_modify_qp}; which members count is its mask. */
    public static final GroupLayout IBV_QP_ATTR = struct("ibv_qp_attr",
            u32("qp_state"), u32("cur_qp_state"), u32("path_mtu"), u32("path_mig_state"), u32("qkey"),
            u32("rq_psn"), u32("sq_psn"), u32("dest_qp_num"), u32("qp_access_flags"), qpCap(),
            ahAttr("ah_attr"), ahAttr("alt_ah_attr"), u16("pkey_index"), u16("alt_pkey_index"),
            u8("en_sqd_async_notify"), u8("sq_draining"), u8("max_rd_atomic"), u8("max_dest_rd_atomic"),
            u8("min_rnr_timer"), u8("port_num"), u8("timeout"), u8("retry_cnt"), u8("rnr_retry"),
            u8("alt_port_num"), u8("alt_timeout"), u32("rate_limit"));

    /** {@code struct ibv_port_attr}. */
    public static final GroupLayout IBV_PORT_ATTR = struct("ibv_port_attr",
            u32("state"), u32("max_mtu"), u32("active_mtu"), u32("gid_tbl_len"), u32("port_cap_flags"),
            u32("max_msg_sz"), u32("bad_pkey_cntr"), u32("qkey_viol_cntr"), u16("pkey_tbl_len"), u16("lid"),
            u16("sm_lid"), u8("lmc"), u8("max_vl_num"), u8("sm_sl"), u8("subnet_timeout"),
            u8("init_type_reply"), u8("active_width"), u8("active_speed"), u8("phys_state"), u8("link_layer"),
            u8("flags"), u16("port_cap_flags2"));

    /** {@code struct ibv_mr}: the registration's keys. */
    public static final GroupLayout IBV_MR = struct("ibv_mr",
            ptr("context"), ptr("pd"), ptr("addr"), u64("length"), u32("handle"), u32("lkey"), u32("rkey"));

    /** {@code struct ibv_pd}. */
    public static final GroupLayout IBV_PD = struct("ibv_pd", ptr("context"), u32("handle"));

    /** {@code struct ibv_cq}: {@code context} leads to the ops table for {@code poll_cq}. */
    public static final GroupLayout IBV_CQ = struct("ibv_cq",
            ptr("context"), ptr("channel"), ptr("cq_context"), u32("handle"), u32("cqe"),
            opaque("mutex", 40), opaque("cond", 48), u32("comp_events_completed"), u32("async_events_completed"));

    /** {@code struct ibv_qp}: {@code context} leads to the ops table, {@code qp_num} is exchanged with the peer. */
    public static final GroupLayout IBV_QP = struct("ibv_qp",
            ptr("context"), ptr("qp_context"), ptr("pd"), ptr("send_cq"), ptr("recv_cq"), ptr("srq"),
            u32("handle"), u32("qp_num"), u32("state"), u32("qp_type"),
            opaque("mutex", 40), opaque("cond", 48), u32("events_completed"));

    /**
     * The members of {@code struct ibv_context_ops}, in order. The {@code _compat_*} slots are ABI
     * placeholders (libibverbs 1.0's verbs, now exported functions); the live entries this package calls are
     * {@code poll_cq}, {@code post_send} and {@code post_recv}, the targets of verbs.h's static inline
     * {@code ibv_poll_cq}, {@code ibv_post_send} and {@code ibv_post_recv}.
     */
    static final String[] CONTEXT_OPS = {
            "_compat_query_device", "_compat_query_port", "_compat_alloc_pd", "_compat_dealloc_pd",
            "_compat_reg_mr", "_compat_rereg_mr", "_compat_dereg_mr", "alloc_mw", "bind_mw", "dealloc_mw",
            "_compat_create_cq", "poll_cq", "req_notify_cq", "_compat_cq_event", "_compat_resize_cq",
            "_compat_destroy_cq", "_compat_create_srq", "_compat_modify_srq", "_compat_query_srq",
            "_compat_destroy_srq", "post_srq_recv", "_compat_create_qp", "_compat_query_qp",
            "_compat_modify_qp", "_compat_destroy_qp", "post_send", "post_recv", "_compat_create_ah",
            "_compat_destroy_ah", "_compat_attach_mcast", "_compat_detach_mcast", "_compat_async_event"};

    private static GroupLayout contextOps() {
        MemoryLayout[] slots = new MemoryLayout[CONTEXT_OPS.length];
        for (int i = 0; i < slots.length; i++) slots[i] = ptr(CONTEXT_OPS[i]);
        return struct("ops", slots);
    }

    /** {@code struct ibv_context}: the device, the embedded ops table, and the file descriptors. */
    public static final GroupLayout IBV_CONTEXT = struct("ibv_context",
            ptr("device"), contextOps(), u32("cmd_fd"), u32("async_fd"), u32("num_comp_vectors"),
            opaque("mutex", 40), ptr("abi_compat"));

    /** Every struct above, for the layout test. */
    static final GroupLayout[] ALL = {IBV_SGE, IBV_SEND_WR, IBV_RECV_WR, IBV_WC, IBV_QP_INIT_ATTR, IBV_QP_ATTR,
            IBV_PORT_ATTR, IBV_MR, IBV_PD, IBV_CQ, IBV_QP, IBV_CONTEXT};

    /** The byte offset of the member at the dotted {@code path} (C names) inside {@code layout}. */
    static long offset(GroupLayout layout, String path) {
        Long offset = members(layout).get(path);
        if (offset == null) throw new IllegalArgumentException("no member " + path + " in " + layout.name().orElse("?"));
        return offset;
    }

    /**
     * Every named member of {@code layout}, nested ones by dotted path ({@code wr.rdma.rkey}), with its byte
     * offset from the start of {@code layout}. Members of an anonymous union appear without a prefix, as C
     * names them; padding and the elements of arrays are left out.
     */
    static java.util.Map<String, Long> members(GroupLayout layout) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        walk(layout, "", 0, out);
        return out;
    }

    private static void walk(GroupLayout group, String prefix, long base, java.util.Map<String, Long> out) {
        long offset = 0;
        boolean isUnion = group instanceof java.lang.foreign.UnionLayout;
        for (MemoryLayout member : group.memberLayouts()) {
            long at = base + (isUnion ? 0 : offset);
            if (member.name().isPresent()) {
                String path = prefix + member.name().get();
                out.put(path, at);
                if (member instanceof GroupLayout nested) walk(nested, path + ".", at, out);
            } else if (member instanceof GroupLayout anonymous) {
                walk(anonymous, prefix, at, out);
            }
            offset += member.byteSize();
        }
    }
}

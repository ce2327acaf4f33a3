/*
 * Encodings written the way C code using <infiniband/verbs.h> writes them (zero-initialize, set the members
 * the verb reads), so that the Java encoders (SendRequests, RecvRequests, QpTransitions, RegionUse) can be
 * compared byte for byte. The values are arbitrary but distinctive; the masks are the ones rdma-core's
 * rc_pingpong example passes for an RC queue pair. CLayoutProgram appends the generated layout part and main().
 */
#include <infiniband/verbs.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <endian.h>

static void dump(const char *name, const void *p, size_t n) {
    printf("bytes %s ", name);
    for (size_t i = 0; i < n; i++) printf("%02x", ((const unsigned char *) p)[i]);
    printf("\n");
}

static void encodings(void) {
    printf("value INIT_MASK %d\n", IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
    printf("value RTR_MASK %d\n", IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN
            | IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER);
    printf("value RTS_MASK %d\n", IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN
            | IBV_QP_MAX_QP_RD_ATOMIC);
    printf("value ERROR_MASK %d\n", IBV_QP_STATE);
    printf("value REVOKE_MASK %d\n", IBV_QP_ACCESS_FLAGS);
    printf("value access.RING %d\n", IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE);
    printf("value access.HEAD %d\n", IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE);
    printf("value access.SOURCE %d\n", 0);
    printf("value access.QP %d\n", IBV_ACCESS_REMOTE_WRITE);

    struct ibv_send_wr wr;
    memset(&wr, 0, sizeof wr);
    wr.wr_id = 0x1122334455667788ULL;
    wr.num_sge = 1;
    wr.opcode = IBV_WR_RDMA_WRITE_WITH_IMM;
    wr.send_flags = IBV_SEND_SIGNALED;
    wr.imm_data = htonl(0xCAFE0001u);
    wr.wr.rdma.remote_addr = 0x00007f0000001000ULL;
    wr.wr.rdma.rkey = 0x00abcdefu;
    dump("send_wr.write_with_imm", &wr, sizeof wr);

    memset(&wr, 0, sizeof wr);
    wr.wr_id = 7;
    wr.num_sge = 1;
    wr.opcode = IBV_WR_RDMA_WRITE;
    wr.send_flags = 0;
    wr.wr.rdma.remote_addr = 0x00007f0000002040ULL;
    wr.wr.rdma.rkey = 0x1234u;
    dump("send_wr.write", &wr, sizeof wr);

    memset(&wr, 0, sizeof wr);
    wr.wr_id = 9;
    wr.num_sge = 1;
    wr.opcode = IBV_WR_SEND;
    wr.send_flags = IBV_SEND_SIGNALED;
    dump("send_wr.send", &wr, sizeof wr);

    struct ibv_sge sge = { .addr = 0x00007f0000003000ULL, .length = 4096, .lkey = 0x5678u };
    dump("sge", &sge, sizeof sge);

    struct ibv_recv_wr rwr;
    memset(&rwr, 0, sizeof rwr);
    rwr.wr_id = 42;
    rwr.num_sge = 0;
    dump("recv_wr.empty", &rwr, sizeof rwr);

    struct ibv_qp_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.qp_state = IBV_QPS_INIT;
    attr.pkey_index = 0;
    attr.port_num = 1;
    attr.qp_access_flags = IBV_ACCESS_REMOTE_WRITE;
    dump("qp_attr.init", &attr, sizeof attr);

    memset(&attr, 0, sizeof attr);
    attr.qp_state = IBV_QPS_RTR;
    attr.path_mtu = IBV_MTU_4096;
    attr.dest_qp_num = 0x123456;
    attr.rq_psn = 0xabcdef;
    attr.max_dest_rd_atomic = 1;
    attr.min_rnr_timer = 12;
    attr.ah_attr.dlid = 0x17;
    attr.ah_attr.port_num = 1;
    dump("qp_attr.rtr_infiniband", &attr, sizeof attr);

    memset(&attr, 0, sizeof attr);
    attr.qp_state = IBV_QPS_RTR;
    attr.path_mtu = IBV_MTU_1024;
    attr.dest_qp_num = 0x000042;
    attr.rq_psn = 0x000777;
    attr.max_dest_rd_atomic = 1;
    attr.min_rnr_timer = 12;
    attr.ah_attr.is_global = 1;
    attr.ah_attr.port_num = 1;
    attr.ah_attr.grh.dgid.global.subnet_prefix = htobe64(0xfe80000000000000ULL);
    attr.ah_attr.grh.dgid.global.interface_id = htobe64(0x0202c0fffe000001ULL);
    attr.ah_attr.grh.sgid_index = 3;
    attr.ah_attr.grh.hop_limit = 1;
    dump("qp_attr.rtr_roce", &attr, sizeof attr);

    memset(&attr, 0, sizeof attr);
    attr.qp_state = IBV_QPS_RTS;
    attr.timeout = 14;
    attr.retry_cnt = 7;
    attr.rnr_retry = 7;
    attr.sq_psn = 0x654321;
    attr.max_rd_atomic = 1;
    dump("qp_attr.rts", &attr, sizeof attr);

    memset(&attr, 0, sizeof attr);
    attr.qp_state = IBV_QPS_ERR;
    dump("qp_attr.error", &attr, sizeof attr);

    memset(&attr, 0, sizeof attr);
    attr.qp_access_flags = 0;
    dump("qp_attr.revoke", &attr, sizeof attr);
}

package io.decree.server;

import io.decree.engine.protocol.ReplicaOptions;
import java.util.Locale;

/**
 * Writes a cluster file in the layout {@link ConfigLoader} reads, with a comment on each key, so that a
 * generated file documents itself (what {@code decree cluster up} and {@link LocalCluster} write).
 */
public final class ConfigWriter {
    private ConfigWriter() {}

    /** A TCP cluster's file (the default transport). */
    public static String toml(Iterable<Member> members, String dataDir, String tlsDir, StorageKind storage,
                              ReplicaOptions o, String tracePattern) {
        return toml(members, dataDir, tlsDir, storage, o, tracePattern, TransportKind.TCP, null);
    }

    /**
     * @param transport how replicas reach each other; written always, so the file says which it uses
     * @param shmDir    the ring files' directory (shm), or null for the default ({@code data_dir/shm})
     */
    public static String toml(Iterable<Member> members, String dataDir, String tlsDir, StorageKind storage,
                              ReplicaOptions o, String tracePattern, TransportKind transport, String shmDir) {
        StringBuilder s = new StringBuilder();
        s.append("# A Decree cluster: every replica reads this file (decree server --config FILE --id N).\n");
        s.append("# Paths are relative to this file's directory.\n\n");
        s.append("data_dir = ").append(q(dataDir)).append("   # replica N keeps its acceptor log in data_dir/replica-N\n");
        s.append("tls_dir = ").append(q(tlsDir)).append("     # ca.pem, replica-N.pem/.key, client-N.pem/.key (decree certs)\n");
        s.append("storage = ").append(q(storage.configName())).append("     # file (fsync) or pmem (needs libpmem1)\n");
        s.append("transport = ").append(q(transport.configName()))
                .append("   # replica to replica: tcp (TLS), shm (shared-memory rings, one host) or verbs (RDMA); clients use TCP\n");
        if (shmDir != null) s.append("shm_dir = ").append(q(shmDir)).append("   # the rings' files with transport shm (/dev/shm/...: no disk write-back)\n");
        if (tracePattern != null) s.append("trace = ").append(q(tracePattern)).append("   # NDJSON spec trace per replica; {id} is the replica id\n");
        s.append('\n');
        for (Member m : members) {
            s.append("[[members]]\n");
            s.append("id = ").append(m.id()).append('\n');
            s.append("host = ").append(q(m.host())).append('\n');
            s.append("port = ").append(m.port()).append("\n\n");
        }
        s.append("[options]   # protocol tuning; times in milliseconds (ReplicaOptions)\n");
        s.append("window = ").append(o.window()).append('\n');
        s.append("max_batch_commands = ").append(o.maxBatchCommands()).append('\n');
        s.append("max_batch_bytes = ").append(o.maxBatchBytes()).append('\n');
        s.append("max_command_bytes = ").append(o.maxCommandBytes()).append('\n');
        s.append("heartbeat_interval_ms = ").append(o.heartbeatInterval()).append('\n');
        s.append("election_timeout_min_ms = ").append(o.electionTimeoutMin()).append('\n');
        s.append("election_timeout_range_ms = ").append(o.electionTimeoutRange()).append('\n');
        s.append("retransmit_interval_ms = ").append(o.retransmitInterval()).append('\n');
        s.append("request_timeout_ms = ").append(o.requestTimeout()).append('\n');
        s.append("max_catch_up_slots = ").append(o.maxCatchUpSlots()).append('\n');
        s.append("lease_duration_ms = ").append(o.leaseDuration()).append('\n');
        s.append("max_clock_drift = ").append(String.format(Locale.ROOT, "%s", o.maxClockDrift())).append('\n');
        s.append("snapshot_interval = ").append(o.snapshotInterval()).append("   # executed slots between checkpoints; 0: never\n");
        s.append("snapshot_chunk_bytes = ").append(o.snapshotChunkBytes()).append('\n');
        return s.toString();
    }

    private static String q(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

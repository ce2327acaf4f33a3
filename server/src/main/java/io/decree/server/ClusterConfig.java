package io.decree.server;

import io.decree.engine.protocol.Configuration;
import io.decree.engine.protocol.ReplicaOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cluster as one file describes it ({@link ConfigLoader} reads it): every member with its address, where
 * replicas keep their data and find their TLS material, the storage kind, the protocol options, and where
 * replicas write their spec traces (optional). Paths are already resolved against the file's directory.
 *
 * @param source       the file it came from, for messages
 * @param tracePattern NDJSON trace path with {@code {id}} standing for the replica id, or null (no tracing)
 * @param transport    how replicas reach each other: TCP with TLS, or shared-memory rings on one host
 * @param shmDir       the ring files' directory when {@code transport} is {@link TransportKind#SHM}
 * @param verbsPortOffset with {@link TransportKind#VERBS}: a member's RDMA connection rendezvous listens on TCP
 *                     at its host and its port plus this offset
 */
public record ClusterConfig(Path source, List<Member> members, Path dataDir, Path tlsDir, StorageKind storage,
                            ReplicaOptions options, String tracePattern, TransportKind transport, Path shmDir,
                            int verbsPortOffset) {
    public static final int DEFAULT_VERBS_PORT_OFFSET = 1;

    /** A TCP cluster (the default transport). */
    public ClusterConfig(Path source, List<Member> members, Path dataDir, Path tlsDir, StorageKind storage,
                         ReplicaOptions options, String tracePattern) {
        this(source, members, dataDir, tlsDir, storage, options, tracePattern, TransportKind.TCP, dataDir.resolve("shm"), DEFAULT_VERBS_PORT_OFFSET);
    }

    public ClusterConfig {
        members = List.copyOf(members);
        if (members.isEmpty()) throw new IllegalArgumentException("a cluster needs at least one member");
    }

    public Configuration configuration() {
        return new Configuration(members.stream().mapToInt(Member::id).toArray());
    }

    public Optional<Member> member(int id) {
        return members.stream().filter(m -> m.id() == id).findFirst();
    }

    /** The member {@code id}, or a {@link ConfigException} naming the option that chose it. */
    public Member requireMember(int id, String option) {
        return member(id).orElseThrow(() -> new ConfigException(source.toString(), option,
                "no member with id " + id + " (members: " + members.stream().map(m -> String.valueOf(m.id())).toList() + ")"));
    }

    /** Replica {@code id}'s storage directory. */
    public Path dataDir(int id) { return dataDir.resolve("replica-" + id); }

    /** Replica {@code id}'s trace file, or null when tracing is off. */
    public Path traceFile(int id) {
        return tracePattern == null ? null : source.toAbsolutePath().getParent().resolve(tracePattern.replace("{id}", String.valueOf(id)));
    }
}

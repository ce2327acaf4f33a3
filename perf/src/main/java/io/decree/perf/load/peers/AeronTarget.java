package io.decree.perf.load.peers;

import io.aeron.Aeron;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.decree.perf.load.target.KvConnection;
import io.decree.perf.load.target.KvTarget;
import io.decree.perf.load.target.TempDirs;
import io.decree.server.LocalCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NoOpLock;

/**
 * Aeron Cluster 1.51 as a peer: three members in this JVM, each with its own embedded media driver, archive
 * (recording the log on disk in a temporary directory) and consensus module, over UDP on loopback, running
 * {@link AeronKvService}; the client side has its own media driver and {@link #CLIENT_SESSIONS} cluster session(s)
 * the connections share, each driven by one thread with many requests in flight ({@link AeronClientAgent}), as
 * Aeron's own cluster benchmark drives a cluster.
 *
 * <p>Configuration (docs/perf.md, "Side by side", says why): Aeron's defaults for a small machine, as its
 * samples set them: {@link ThreadingMode#SHARED} media drivers and {@link ArchiveThreadingMode#SHARED} archives
 * (one agent thread each instead of three: 2 cores), Aeron's default backoff idle strategies, sparse term
 * buffers; a log term of 16 MiB, client ingress/egress terms of {@link #CLIENT_TERM_LENGTH}; the driver directories on /dev/shm as Aeron recommends. Durability matched to Decree's fsync
 * per batch: the archive forces recorded log data before it reports the position ({@code fileSyncLevel=1},
 * {@code catalogFileSyncLevel=1}) and so does the consensus module's recording log ({@code fileSyncLevel=1});
 * Aeron's default (0) leaves the log in the page cache and relies on replication alone.
 */
public final class AeronTarget implements KvTarget {
    private static final int SIZE = 3, PORTS_PER_MEMBER = 5;
    private static final int FILE_SYNC_LEVEL = 1;
    /**
     * The cluster closes a session that sent nothing (no command, no keep-alive) for this long; Aeron's default is
     * 10 s. The harness's sessions are idle while the others are read back one by one at the end (64 connections x 4
     * keys took minutes at a load of 50, each evicted session's get waiting out its 10 s), and a blocked session sends
     * no keep-alive: 60 s changes only when an idle session is evicted, nothing on the command path.
     */
    private static final long SESSION_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    /** Aeron's default admits 10 client sessions; the harness opens one per connection (64 and more). */
    private static final int MAX_SESSIONS = 1_024;
    private static final long REPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * How long a session's connect waits for the cluster's answer ({@code AeronCluster.Context.messageTimeoutNs},
     * default 5 s). Sessions connect one after another; in session 7's compare on a loaded 2-core machine sessions
     * timed out connecting at 256 connections. 30 s changes only how long a connect may wait, nothing on the command path.
     */
    private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /**
     * Client sessions the connections share, each driven by one thread ({@link AeronClientAgent}). Aeron's cluster
     * benchmark drives one session from one thread with many messages in flight; one is also what Decree's client
     * runs with by default ({@code --channels=1}: one channel, one I/O thread).
     */
    static final int CLIENT_SESSIONS = 1;
    /**
     * Term length of the client sessions' ingress and egress: with all connections' requests on one session, 64 KiB
     * terms (what a session per connection used) would back-pressure 1,024 requests in flight; Aeron's default for
     * a UDP publication is 16 MiB.
     */
    private static final String CLIENT_TERM_LENGTH = "4m";

    private final List<AeronClientAgent> agents = new ArrayList<>();
    private int connections;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ErrorHandler errors = t -> {
        System.err.println("aeron: " + t);
    };
    private Path dir;
    private Path shm;
    private String ingressEndpoints;
    private MediaDriver clientDriver;
    private Aeron clientAeron;

    @Override public String name() { return "aeron"; }

    @Override public String describe() {
        return "Aeron Cluster 1.51.0, 3 members in one JVM over loopback UDP, embedded shared-mode media drivers, "
                + "archive on disk with fileSyncLevel=1 (forced), default backoff idle strategies; "
                + CLIENT_SESSIONS + " client session(s) with many requests in flight, one thread each";
    }

    @Override public void start() throws Exception {
        dir = Files.createTempDirectory("decree-load-aeron-");
        Path shmRoot = Path.of("/dev/shm");
        shm = Files.isDirectory(shmRoot) ? Files.createTempDirectory(shmRoot, "decree-load-aeron-") : dir.resolve("shm");
        int[] ports = LocalCluster.freePorts(SIZE * PORTS_PER_MEMBER);
        StringJoiner members = new StringJoiner("|"), ingress = new StringJoiner(",");
        for (int i = 0; i < SIZE; i++) {
            int p = i * PORTS_PER_MEMBER;
            members.add(i + ",127.0.0.1:" + ports[p] + ",127.0.0.1:" + ports[p + 1] + ",127.0.0.1:" + ports[p + 2]
                    + ",127.0.0.1:" + ports[p + 3] + ",127.0.0.1:" + ports[p + 4]);
            ingress.add(i + "=127.0.0.1:" + ports[p]);
        }
        ingressEndpoints = ingress.toString();
        for (int i = 0; i < SIZE; i++) startMember(i, members.toString(), ports[i * PORTS_PER_MEMBER + 4]);

        clientDriver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(shm.resolve("client").toString()).threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true).dirDeleteOnStart(true).dirDeleteOnShutdown(true).errorHandler(errors));
        clientAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(clientDriver.aeronDirectoryName()).errorHandler(errors));
        for (int i = 0; i < CLIENT_SESSIONS; i++) agents.add(newAgent(i));
        // A session connects only once a leader is elected: the first put is "can serve".
        try (KvConnection c = connect()) {
            c.put("aeron-ready", "1");
        }
    }

    private void startMember(int id, String members, int archivePort) {
        String aeronDir = shm.resolve("member-" + id).toString();
        File base = dir.resolve("member-" + id).toFile();
        AeronArchive.Context archiveClient = new AeronArchive.Context().lock(NoOpLock.INSTANCE)
                .controlRequestChannel("aeron:ipc?term-length=64k").controlResponseChannel("aeron:ipc?term-length=64k")
                .aeronDirectoryName(aeronDir);
        ClusteredMediaDriver driver = ClusteredMediaDriver.launch(
                new MediaDriver.Context().aeronDirectoryName(aeronDir).threadingMode(ThreadingMode.SHARED)
                        .termBufferSparseFile(true).dirDeleteOnStart(true).dirDeleteOnShutdown(true).errorHandler(errors),
                new Archive.Context().aeronDirectoryName(aeronDir).archiveDir(new File(base, "archive")).archiveId(id)
                        .controlChannel("aeron:udp?endpoint=127.0.0.1:" + archivePort)
                        .localControlChannel("aeron:ipc?term-length=64k")
                        .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=127.0.0.1:0"))
                        .replicationChannel("aeron:udp?endpoint=127.0.0.1:0").recordingEventsEnabled(false)
                        .threadingMode(ArchiveThreadingMode.SHARED).deleteArchiveOnStart(true)
                        .fileSyncLevel(FILE_SYNC_LEVEL).catalogFileSyncLevel(FILE_SYNC_LEVEL).errorHandler(errors),
                new ConsensusModule.Context().clusterMemberId(id).clusterMembers(members).clusterDir(new File(base, "cluster"))
                        .archiveContext(archiveClient.clone()).serviceCount(1).deleteDirOnStart(true)
                        .ingressChannel("aeron:udp?term-length=64k").logChannel("aeron:udp?term-length=16m")
                        .replicationChannel("aeron:udp?endpoint=127.0.0.1:0").fileSyncLevel(FILE_SYNC_LEVEL)
                        .maxConcurrentSessions(MAX_SESSIONS).sessionTimeoutNs(SESSION_TIMEOUT_NANOS).errorHandler(errors));
        closeables.add(driver);
        ClusteredServiceContainer container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir).archiveContext(archiveClient.clone()).clusterDir(new File(base, "cluster"))
                .clusteredService(new AeronKvService()).errorHandler(errors));
        closeables.add(container);
    }

    /**
     * A connection is a stream of requests on one of the {@link #CLIENT_SESSIONS} shared sessions (round robin),
     * asynchronous like Decree's client: the harness's closed loop chains each command on the last one's reply, on
     * the session's thread; a blocking call waits for the same future.
     */
    @Override public KvConnection connect() {
        AeronClientAgent agent = agents.get(connections++ % agents.size());
        return new KvConnection() {
            @Override public boolean async() { return true; }

            @Override public CompletableFuture<Void> putAsync(String key, String value) {
                return agent.call(KvCodec.put(key, value)).thenApply(reply -> null);
            }

            @Override public CompletableFuture<String> getAsync(String key) {
                return agent.call(KvCodec.get(key)).thenApply(KvCodec::value);
            }

            @Override public void put(String key, String value) throws Exception {
                await(putAsync(key, value));
            }

            @Override public String get(String key) throws Exception {
                return await(getAsync(key));
            }

            @Override public void close() {} // the sessions are the target's, closed with it
        };
    }

    private static <T> T await(CompletableFuture<T> reply) throws Exception {
        try {
            return reply.get(); // the agent fails it after REPLY_TIMEOUT_NANOS
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    private AeronClientAgent newAgent(int index) {
        return new AeronClientAgent("aeron-client-" + index, REPLY_TIMEOUT_NANOS, context -> context.aeron(clientAeron).ownsAeronClient(false)
                .aeronDirectoryName(clientDriver.aeronDirectoryName()).messageTimeoutNs(CONNECT_TIMEOUT_NANOS)
                .ingressChannel("aeron:udp?term-length=" + CLIENT_TERM_LENGTH).ingressEndpoints(ingressEndpoints)
                .egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=" + CLIENT_TERM_LENGTH).errorHandler(errors));
    }

    @Override public void close() throws Exception {
        for (AeronClientAgent agent : agents) CloseHelper.quietClose(agent);
        agents.clear();
        CloseHelper.closeAll(clientAeron, clientDriver);
        for (int i = closeables.size() - 1; i >= 0; i--) CloseHelper.quietClose(closeables.get(i));
        closeables.clear();
        TempDirs.deleteTree(dir);
        if (shm != null && !shm.startsWith(dir)) TempDirs.deleteTree(shm);
    }
}

package io.decree.perf.load.peers;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The peers' key-value map ({@link KvCodec.Store}) as an Aeron clustered service. A request is
 * {@code correlation id (8 bytes) | KvCodec command}; the reply echoes the correlation id before the
 * {@link KvCodec} reply, so a client can drop a late reply to a request it already gave up on. Every member
 * applies every message; only the leader's {@link ClientSession#offer} reaches the client.
 */
final class AeronKvService implements ClusteredService {
    private final KvCodec.Store store = new KvCodec.Store();
    private final ExpandableArrayBuffer reply = new ExpandableArrayBuffer(1024);
    private Cluster cluster;

    @Override public void onStart(Cluster cluster, Image snapshotImage) {
        this.cluster = cluster;
        // The benchmark never takes a snapshot (onTakeSnapshot refuses), so a fresh cluster has none to load.
        if (snapshotImage != null) throw new IllegalStateException("the benchmark's key-value service does not load snapshots");
    }

    @Override public void onSessionMessage(ClientSession session, long timestamp, DirectBuffer buffer, int offset, int length, Header header) {
        long correlation = buffer.getLong(offset);
        byte[] command = new byte[length - Long.BYTES];
        buffer.getBytes(offset + Long.BYTES, command);
        byte[] result = store.apply(command);
        reply.putLong(0, correlation);
        reply.putBytes(Long.BYTES, result);
        // Back-pressure on the egress: retry as Aeron's samples do, idling with the cluster's own idle strategy.
        cluster.idleStrategy().reset();
        for (long r; (r = session.offer(reply, 0, Long.BYTES + result.length)) < 0; ) {
            if (r == io.aeron.Publication.NOT_CONNECTED || r == io.aeron.Publication.CLOSED) return; // the client left
            cluster.idleStrategy().idle();
        }
    }

    @Override public void onTakeSnapshot(ExclusivePublication snapshotPublication) {
        // Snapshots happen only when an operator asks for one (ClusterTool) or on a timer the benchmark leaves off.
        throw new UnsupportedOperationException("the benchmark's key-value service takes no snapshots");
    }

    @Override public void onSessionOpen(ClientSession session, long timestamp) {}

    @Override public void onSessionClose(ClientSession session, long timestamp, CloseReason closeReason) {}

    @Override public void onTimerEvent(long correlationId, long timestamp) {}

    @Override public void onRoleChange(Cluster.Role newRole) {}

    @Override public void onTerminate(Cluster cluster) {}
}

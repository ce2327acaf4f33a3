package io.decree.engine.ring.verbs;

import io.decree.engine.ring.FabricException;
import io.decree.engine.ring.RegisteredRegion;
import io.decree.engine.ring.RemoteRegion;
import io.decree.engine.ring.RingFabric;
import io.decree.engine.ring.RingRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Fabric 1: the ring over RDMA verbs, for machines with an RDMA NIC (or Soft-RoCE). A receiver's ring is
 * memory registered for remote write ({@link VerbsRegisteredRegion}); a writer reaches it with one-sided RDMA
 * WRITEs on a reliable connection of its own and publishes with an RDMA WRITE of the tail word
 * ({@link VerbsRemoteRegion}); the receiver writes the head back the same way; revocation is Mu's permission
 * switch on the connection's queue pair. Connections are set up through a {@link VerbsRendezvous}.
 *
 * <p>Publication is the tail WRITE rather than WRITE_WITH_IMM (which the bindings also encode): the ring's
 * receiver polls its own memory, as the shared-memory fabric's does, so it needs no receive queue to keep
 * filled, and the fence {@code revoke} returns is a read of the same word.
 *
 * <p>{@link #open} fails with {@link RdmaUnavailableException} naming the missing layer (library, device,
 * port). One instance per process; {@link #close} closes every region it made and the device.
 */
public final class VerbsFabric implements RingFabric {
    private final VerbsDevice device;
    private final VerbsOptions options;
    private final VerbsRendezvous rendezvous;
    private final Map<Long, VerbsRegisteredRegion> exposed = new HashMap<>();
    private final java.util.List<VerbsRemoteRegion> connected = new java.util.ArrayList<>();

    private VerbsFabric(VerbsDevice device, VerbsOptions options, VerbsRendezvous rendezvous) {
        this.device = device;
        this.options = options;
        this.rendezvous = rendezvous;
    }

    /** Opens the device {@code options} name; throws {@link RdmaUnavailableException} if it cannot. */
    public static VerbsFabric open(VerbsOptions options, VerbsRendezvous rendezvous) {
        Ibverbs lib = Ibverbs.get();
        return new VerbsFabric(VerbsDevice.open(lib, options.device(), options.port(), options.gidIndex()), options, rendezvous);
    }

    public String deviceName() {
        return device.name();
    }

    @Override public synchronized RegisteredRegion expose(int receiver, int writer, int capacity) throws FabricException {
        if (capacity < RingRecord.MIN_CAPACITY || Integer.bitCount(capacity) != 1)
            throw new IllegalArgumentException("ring capacity " + capacity + " must be a power of two of at least "
                    + RingRecord.MIN_CAPACITY);
        long key = ((long) receiver << 32) | (writer & 0xFFFF_FFFFL);
        VerbsRegisteredRegion old = exposed.remove(key);
        if (old != null) {
            rendezvous.unlisten(receiver, writer, old);
            old.close();   // revokes first: a writer still attached learns it must reconnect
        }
        VerbsRegisteredRegion region;
        try {
            region = new VerbsRegisteredRegion(device, options, writer, capacity);
        } catch (RuntimeException e) {
            throw new FabricException("verbs: cannot expose the ring of writer " + writer + " on " + device.name() + ": "
                    + e.getMessage(), e);
        }
        exposed.put(key, region);
        rendezvous.listen(receiver, writer, region);
        return region;
    }

    @Override public synchronized RemoteRegion connect(int receiver, int writer) throws FabricException {
        VerbsRemoteRegion region;
        try {
            region = new VerbsRemoteRegion(device, options);
        } catch (RuntimeException e) {
            throw new FabricException("verbs: cannot create the writer's queue pair on " + device.name() + ": " + e.getMessage(), e);
        }
        try {
            region.attach(rendezvous.connect(receiver, writer, region.hello()));
        } catch (FabricException | RuntimeException e) {
            region.close();
            throw e instanceof FabricException f ? f
                    : new FabricException("verbs: cannot connect to replica " + receiver + ": " + e.getMessage(), e);
        }
        connected.add(region);
        return region;
    }

    @Override public synchronized void close() {
        try {
            for (VerbsRemoteRegion r : connected) r.close();
            for (Map.Entry<Long, VerbsRegisteredRegion> e : exposed.entrySet()) {
                rendezvous.unlisten((int) (e.getKey() >>> 32), (int) (long) e.getKey(), e.getValue());
                e.getValue().close();
            }
        } finally {
            connected.clear();
            exposed.clear();
            device.close();
        }
    }
}

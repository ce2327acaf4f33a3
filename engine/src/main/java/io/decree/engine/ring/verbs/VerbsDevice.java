package io.decree.engine.ring.verbs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.decree.engine.ring.verbs.RdmaUnavailableException.Missing.DEVICE;
import static io.decree.engine.ring.verbs.RdmaUnavailableException.Missing.PORT;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_LINK_LAYER_ETHERNET;
import static io.decree.engine.ring.verbs.VerbsConstants.IBV_PORT_ACTIVE;
import static io.decree.engine.ring.verbs.VerbsLayouts.IBV_PORT_ATTR;
import static io.decree.engine.ring.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * An opened RDMA device: its context ({@code ibv_open_device}), one port checked ACTIVE, the port's address
 * (LID, and GID on RoCE) and one protection domain that every region and queue pair of the fabric shares.
 * Opening fails with {@link RdmaUnavailableException} naming the missing layer: {@code DEVICE} when the list
 * is empty or has no device of the requested name, {@code PORT} when the port does not exist or is not
 * ACTIVE. Not thread-safe; setup happens on one thread.
 */
public final class VerbsDevice implements AutoCloseable {
    private static final long STATE = offset(IBV_PORT_ATTR, "state");
    private static final long ACTIVE_MTU = offset(IBV_PORT_ATTR, "active_mtu");
    private static final long LID = offset(IBV_PORT_ATTR, "lid");
    private static final long LINK_LAYER = offset(IBV_PORT_ATTR, "link_layer");
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final String[] PORT_STATES = {"NOP", "DOWN", "INIT", "ARMED", "ACTIVE", "ACTIVE_DEFER"};

    final Ibverbs lib;
    final String name;
    final int port;
    final int gidIndex;
    final int activeMtu;
    final int lid;
    final long gidSubnetPrefix;
    final long gidInterfaceId;
    final MemorySegment context;
    final MemorySegment pd;
    private boolean closed;

    private VerbsDevice(Ibverbs lib, String name, int port, int gidIndex, int activeMtu, int lid, long gidHigh,
                        long gidLow, MemorySegment context, MemorySegment pd) {
        this.lib = lib;
        this.name = name;
        this.port = port;
        this.gidIndex = gidIndex;
        this.activeMtu = activeMtu;
        this.lid = lid;
        this.gidSubnetPrefix = gidHigh;
        this.gidInterfaceId = gidLow;
        this.context = context;
        this.pd = pd;
    }

    /**
     * Opens device {@code deviceName} (null: the first listed) at {@code port} (1-based, as verbs counts),
     * using GID table entry {@code gidIndex} when the link layer is Ethernet (RoCE).
     */
    public static VerbsDevice open(Ibverbs lib, String deviceName, int port, int gidIndex) {
        if (port < 1 || port > 255) throw new IllegalArgumentException("port " + port + " (verbs ports are 1..255)");
        return lib.withDeviceList(list -> {
            int index = -1;
            java.util.List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < list.count(); i++) {
                names.add(list.name(i));
                if (index < 0 && (deviceName == null || deviceName.equals(names.get(i)))) index = i;
            }
            if (index < 0) throw new RdmaUnavailableException(DEVICE, "no RDMA device named " + deviceName + " among " + names);
            String name = names.get(index);
            MemorySegment context = lib.openDevice(list.device(index), name);
            try {
                return onPort(lib, name, context, port, gidIndex);
            } catch (RuntimeException | Error e) {
                lib.closeDevice(context);
                throw e;
            }
        });
    }

    private static VerbsDevice onPort(Ibverbs lib, String name, MemorySegment context, int port, int gidIndex) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment attr = call.allocate(IBV_PORT_ATTR);
            int rc = lib.queryPort(context, port, attr);
            if (rc != 0) {
                throw new RdmaUnavailableException(PORT, "ibv_query_port(" + name + ", port " + port + ") failed: "
                        + lib.describeErrno(rc) + (rc == 22 ? " (no such port)" : ""));
            }
            checkActive(name, port, attr);
            long high = 0, low = 0;
            if (Byte.toUnsignedInt(attr.get(JAVA_BYTE, LINK_LAYER)) == IBV_LINK_LAYER_ETHERNET) {
                MemorySegment gid = call.allocate(16, 8);
                lib.queryGid(context, port, gidIndex, gid);
                high = gid.get(BE_LONG, 0);
                low = gid.get(BE_LONG, 8);
                if (high == 0 && low == 0) {
                    throw new RdmaUnavailableException(PORT, "RoCE port " + port + " of " + name + " has no GID at index "
                            + gidIndex + " (is the interface up with an address?)");
                }
            }
            MemorySegment pd = lib.allocPd(context);
            return new VerbsDevice(lib, name, port, gidIndex, attr.get(JAVA_INT, ACTIVE_MTU),
                    Short.toUnsignedInt(attr.get(JAVA_SHORT, LID)), high, low, context, pd);
        }
    }

    /** Throws {@code PORT} unless {@code attr} (an {@code ibv_port_attr}) says the port is ACTIVE. */
    static void checkActive(String device, int port, MemorySegment attr) {
        int state = attr.get(JAVA_INT, STATE);
        if (state != IBV_PORT_ACTIVE) {
            String named = state >= 0 && state < PORT_STATES.length ? PORT_STATES[state] : "unknown";
            throw new RdmaUnavailableException(PORT, "port " + port + " of " + device + " is " + named + " (state "
                    + state + "), not ACTIVE");
        }
    }

    public String name() {
        return name;
    }

    /** This side's endpoint for a QP numbered {@code qpNumber} sending from {@code psn}. */
    QpEndpoint endpoint(int qpNumber, int psn) {
        return new QpEndpoint(qpNumber, psn, lid, gidSubnetPrefix, gidInterfaceId);
    }

    /** Registers {@code memory} for {@code use} in this device's protection domain. */
    public MemoryRegion register(MemorySegment memory, RegionUse use) {
        return new MemoryRegion(lib, lib.regMr(pd, memory, use.accessFlags()), memory);
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        try {
            lib.deallocPd(pd);
        } finally {
            lib.closeDevice(context);
        }
    }
}

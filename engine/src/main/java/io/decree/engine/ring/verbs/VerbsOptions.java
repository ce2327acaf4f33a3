package io.decree.engine.ring.verbs;

/**
 * Which device and port the verbs fabric opens, and its queue depths. {@link #fromSystemProperties()} reads
 * {@code decree.rdma.device} (default: the first device listed), {@code decree.rdma.port} (default 1) and
 * {@code decree.rdma.gid} (the GID table index used on RoCE, default 0; Soft-RoCE and ConnectX list the
 * RoCE v2 IPv4 GID at 1 or 3 when the interface has an address: see {@code show_gids} or
 * {@code ibv_devinfo -v}).
 */
public record VerbsOptions(String device, int port, int gidIndex, int sendQueueDepth) {
    public VerbsOptions {
        if (port < 1 || port > 255) throw new IllegalArgumentException("port " + port + " (1..255)");
        if (gidIndex < 0 || gidIndex > 255) throw new IllegalArgumentException("gid index " + gidIndex + " (0..255)");
        if (sendQueueDepth < 4) throw new IllegalArgumentException("send queue depth " + sendQueueDepth + " < 4");
    }

    public static VerbsOptions fromSystemProperties() {
        return new VerbsOptions(System.getProperty("decree.rdma.device"), Integer.getInteger("decree.rdma.port", 1),
                Integer.getInteger("decree.rdma.gid", 0), 64);
    }
}

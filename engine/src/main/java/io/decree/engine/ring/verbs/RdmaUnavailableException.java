package io.decree.engine.ring.verbs;

/**
 * The verbs fabric cannot be opened on this machine. {@link #missing()} says which layer is missing, and the
 * message names it and says what to install or set up. The shared-memory fabric needs none of it.
 */
public final class RdmaUnavailableException extends RuntimeException {
    /** What was missing, from the bottom up. */
    public enum Missing {
        /** libibverbs.so.1 cannot be loaded, or lacks a symbol this package calls. */
        LIBRARY,
        /** The library loaded but lists no RDMA device (no NIC, no Soft-RoCE link, or no kernel RDMA support). */
        DEVICE,
        /** The device (or the named one) is there but its port cannot be used: not found, or not ACTIVE. */
        PORT
    }

    private final Missing missing;

    public RdmaUnavailableException(Missing missing, String detail, Throwable cause) {
        super("RDMA unavailable (" + missing.name().toLowerCase(java.util.Locale.ROOT) + "): " + detail + ". "
                + advice(missing), cause);
        this.missing = missing;
    }

    public RdmaUnavailableException(Missing missing, String detail) {
        this(missing, detail, null);
    }

    public Missing missing() {
        return missing;
    }

    private static String advice(Missing missing) {
        return switch (missing) {
            case LIBRARY -> "Install the Debian package " + Ibverbs.PACKAGE + " (apt-get install -y " + Ibverbs.PACKAGE
                    + "), or point -Ddecree.libibverbs at another libibverbs.";
            case DEVICE -> "The verbs fabric needs an RDMA NIC (e.g. a ConnectX) with its kernel driver and the user-space"
                    + " provider (Debian package ibverbs-providers), or Soft-RoCE"
                    + " (modprobe rdma_rxe; rdma link add rxe0 type rxe netdev eth0); see docs/rdma.md."
                    + " The shared-memory fabric works without one.";
            case PORT -> "Check the link with ibv_devinfo (the port must be PORT_ACTIVE) or choose another"
                    + " device/port with -Ddecree.rdma.device and -Ddecree.rdma.port.";
        };
    }
}

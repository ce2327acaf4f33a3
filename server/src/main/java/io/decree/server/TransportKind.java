package io.decree.server;

/**
 * How a cluster's replicas reach each other ({@code transport} in the cluster file): TCP with mutual TLS
 * (docs/network.md); the one-sided rings of docs/rdma.md over shared memory, for replicas on one host; or the
 * same rings over RDMA verbs, for hosts with an RDMA NIC. Clients use TCP with every one.
 */
public enum TransportKind {
    TCP, SHM, VERBS;

    /** The kind a cluster file or a command line names ({@code tcp}, {@code shm}, {@code verbs}), or null. */
    public static TransportKind parse(String name) {
        for (TransportKind k : values()) if (k.configName().equals(name)) return k;
        return null;
    }

    /** The names {@link #parse} takes, for messages. */
    public static String names() { return java.util.Arrays.stream(values()).map(k -> '"' + k.configName() + '"').toList().toString(); }

    public String configName() { return name().toLowerCase(java.util.Locale.ROOT); }
}

package io.decree.server;

/**
 * How a cluster's replicas reach each other ({@code transport} in the cluster file): TCP with mutual TLS
 * (docs/network.md), or the one-sided shared-memory rings of docs/rdma.md, for replicas on one host. Clients
 * use TCP with either.
 */
public enum TransportKind {
    TCP, SHM;

    public String configName() { return name().toLowerCase(java.util.Locale.ROOT); }
}

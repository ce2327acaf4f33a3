package io.decree.server;

import java.net.InetSocketAddress;

/** One replica of the cluster: its id (as in the engine's {@code Configuration}) and where it listens. */
public record Member(int id, String host, int port) {
    public Member {
        if (id < 1) throw new IllegalArgumentException("member id must be positive, got " + id);
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("member " + id + ": port must be in 1..65535, got " + port);
    }

    public InetSocketAddress address() { return new InetSocketAddress(host, port); }

    @Override public String toString() { return id + "@" + host + ":" + port; }
}

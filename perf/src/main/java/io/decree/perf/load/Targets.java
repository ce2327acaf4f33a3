package io.decree.perf.load;

import io.decree.perf.load.peers.AeronTarget;
import io.decree.perf.load.peers.RatisTarget;
import io.decree.perf.load.target.DecreeInProcessTarget;
import io.decree.perf.load.target.DecreeProcessTarget;
import io.decree.perf.load.target.KvTarget;
import io.decree.server.TransportKind;

/** The targets by their command-line names ({@link LoadOptions#TARGETS}). */
final class Targets {
    private Targets() {}

    static KvTarget create(String name, LoadOptions o) {
        return switch (name) {
            case "decree-tcp" -> new DecreeProcessTarget(o.replicas(), o.storage(), TransportKind.TCP, o.channels(), o.dir());
            case "decree-shm" -> new DecreeProcessTarget(o.replicas(), o.storage(), TransportKind.SHM, o.channels(), o.dir());
            case "decree-inproc" -> new DecreeInProcessTarget(o.replicas(), o.storage());
            case "ratis" -> new RatisTarget();
            case "aeron" -> new AeronTarget();
            default -> throw new IllegalArgumentException("unknown target " + name + "; one of " + LoadOptions.TARGETS);
        };
    }
}

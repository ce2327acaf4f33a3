package io.decree.server.cli;

import io.decree.server.ClusterCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code decree certs --dir DIR --replicas 1,2,3 --clients 1}: a test CA and certificates for a local cluster. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Generate a cluster CA and replica/client certificates (PEM) for testing.")
public final class CertsCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "where to write ca.pem, replica-N.pem/.key, client-N.pem/.key")
    Path dir;

    @Option(names = "--replicas", required = true, split = ",", paramLabel = "ID", description = "replica ids, e.g. 1,2,3")
    List<Integer> replicas;

    @Option(names = "--clients", split = ",", paramLabel = "ID", defaultValue = "1", description = "client ids (default: ${DEFAULT-VALUE})")
    List<Long> clients;

    @Override public Integer call() throws IOException {
        for (int r : replicas) if (r < 1) throw new IllegalArgumentException("--replicas: ids must be positive, got " + r);
        for (long c : clients) if (c < 1) throw new IllegalArgumentException("--clients: ids must be positive, got " + c);
        Set<Integer> r = new TreeSet<>(replicas);
        Set<Long> c = new TreeSet<>(clients);
        ClusterCertificates.WRITER.write(dir, r, c);
        System.out.println("certs: wrote ca.pem and certificates for replicas " + r + " and clients " + c + " in " + dir.toAbsolutePath());
        return 0;
    }
}

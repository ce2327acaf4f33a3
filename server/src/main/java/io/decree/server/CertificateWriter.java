package io.decree.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Writes a cluster's CA, replica and client certificates into a directory, laid out as {@link TlsLayout} says. */
@FunctionalInterface
public interface CertificateWriter {
    void write(Path dir, Set<Integer> replicas, Set<Long> clients) throws IOException;
}

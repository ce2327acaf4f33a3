package io.decree.server;

import io.decree.engine.net.tls.Certificates;

/** The certificates {@code decree certs} and {@code decree cluster up} write: the network's generator (BouncyCastle). */
public final class ClusterCertificates {
    private ClusterCertificates() {}

    public static final CertificateWriter WRITER = (dir, replicas, clients) -> Certificates.generate(dir, replicas, clients);
}

package io.decree.engine.net.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** What {@code decree certs} does: a new cluster CA and a certificate per replica and per client, as PEM files. */
public final class Certificates {
    private Certificates() {}

    /**
     * Writes into {@code dir}: {@code ca.pem}, {@code ca.key}, and {@code replica-<id>.pem/.key} for every id
     * in {@code replicas}, {@code client-<id>.pem/.key} for every id in {@code clients}. Existing files of the
     * same names are replaced. Returns the CA, to issue more certificates later (or use
     * {@link CertificateAuthority#load}).
     */
    public static CertificateAuthority generate(Path dir, Set<Integer> replicas, Set<Long> clients) throws IOException {
        CertificateAuthority ca = CertificateAuthority.create(CertificateAuthority.CA_NAME);
        ca.writeTo(dir);
        for (int id : new TreeSet<>(replicas)) ca.issue(NodeName.replica(id)).writeTo(dir);
        for (long id : new TreeSet<>(clients)) ca.issue(NodeName.client(id)).writeTo(dir);
        return ca;
    }
}

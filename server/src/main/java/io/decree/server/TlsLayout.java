package io.decree.server;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a cluster's TLS material lives in its TLS directory: the cluster CA's certificate, and a
 * certificate and private key per replica ({@code replica-<id>}) and per client ({@code client-<id>}),
 * PEM-encoded, as {@code decree certs} writes them.
 */
public record TlsLayout(Path dir) {
    public static TlsLayout of(Path dir) { return new TlsLayout(dir); }

    public Path caCertificate() { return dir.resolve("ca.pem"); }

    public Path certificate(String identity) { return dir.resolve(identity + ".pem"); }

    public Path privateKey(String identity) { return dir.resolve(identity + ".key"); }

    public static String replica(int id) { return "replica-" + id; }

    public static String client(long id) { return "client-" + id; }

    public List<Path> replicaFiles(int id) {
        return List.of(caCertificate(), certificate(replica(id)), privateKey(replica(id)));
    }

    public List<Path> clientFiles(long id) {
        return List.of(caCertificate(), certificate(client(id)), privateKey(client(id)));
    }
}

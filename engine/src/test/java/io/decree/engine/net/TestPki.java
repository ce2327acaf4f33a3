package io.decree.engine.net;

import io.decree.engine.net.tls.CertificateAuthority;
import io.decree.engine.net.tls.NodeName;
import io.decree.engine.net.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory cluster CA for tests (one per test class), plus a second, unrelated CA. */
final class TestPki {
    static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress("127.0.0.1", 0);

    private final CertificateAuthority ca = CertificateAuthority.create("test-cluster-ca");
    private final Map<NodeName, TlsConfig> issued = new ConcurrentHashMap<>();

    TlsConfig replica(int id) { return node(NodeName.replica(id)); }

    TlsConfig client(long id) { return node(NodeName.client(id)); }

    TlsConfig node(NodeName name) { return issued.computeIfAbsent(name, n -> TlsConfig.of(ca, ca.issue(n))); }

    /** A node with a certificate of the same name signed by a different CA. */
    static TlsConfig foreign(NodeName name) {
        CertificateAuthority other = CertificateAuthority.create("test-cluster-ca"); // same name, other key
        return TlsConfig.of(other, other.issue(name));
    }

    /** Fast reconnects and hand-shakes for tests. */
    static NetOptions options() { return NetOptions.defaults().withReconnect(10, 200).withHelloTimeout(10_000).withMaxPayloadBytes(1 << 20); }
}

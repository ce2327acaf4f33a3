package io.decree.engine.net.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * One node's TLS material: the cluster CA certificate (the only trust anchor), the node's certificate and
 * its private key, and the Netty {@link SslContext}s built from them: TLS 1.3 only, peer
 * certificates required in both directions. The provider is BoringSSL ({@code netty-tcnative}) where its native
 * library loads, else the JDK's {@code SSLEngine}: the same protocol, suites and checks, at about a third of
 * the CPU per record (docs/perf.md, "Side by side (session 6)"); {@code -Ddecree.tls.provider=jdk} forces the
 * JDK's, to compare or to rule the native library out. Hostname verification is off on purpose: a peer's identity is
 * the CA-signed common name ({@link NodeName}), checked by the transport after the handshake, not the
 * address it was reached at (replicas are often reached through proxies and loopback aliases).
 */
public final class TlsConfig {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    /** Chosen once per JVM: {@code OpenSsl.isAvailable()} loads the native library the first time it is asked. */
    private static final SslProvider PROVIDER = provider(System.getProperty("decree.tls.provider", "auto"));

    static SslProvider provider(String wanted) {
        return switch (wanted) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) throw new IllegalStateException("decree.tls.provider=openssl, but BoringSSL did not load: " + OpenSsl.unavailabilityCause());
                yield SslProvider.OPENSSL;
            }
            case "auto" -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            default -> throw new IllegalArgumentException("decree.tls.provider must be auto, jdk or openssl, got '" + wanted + "'");
        };
    }

    /** The TLS implementation this JVM's contexts use (JDK or OPENSSL). */
    public static SslProvider provider() { return PROVIDER; }

    private final NodeName node;
    private final X509Certificate ca;
    private final X509Certificate certificate;
    private final PrivateKey key;

    public TlsConfig(NodeName node, X509Certificate ca, X509Certificate certificate, PrivateKey key) {
        NodeName named = nameOf(certificate);
        if (!named.equals(node))
            throw new IllegalArgumentException("certificate names " + named + ", expected " + node);
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate of " + node + " is not signed by CA " + ca.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
        this.node = node;
        this.ca = ca;
        this.certificate = certificate;
        this.key = key;
    }

    /**
     * Reads {@code ca.pem}, {@code <nodeName>.pem} and {@code <nodeName>.key} from {@code dir} (as
     * {@link Certificates#generate} writes them); {@code nodeName} is {@code replica-<id>} or {@code client-<id>}.
     */
    public static TlsConfig load(Path dir, String nodeName) throws IOException {
        NodeName node = NodeName.parse(nodeName);
        return new TlsConfig(node, Pem.readCertificate(dir.resolve(Pem.CA_CERT)),
                Pem.readCertificate(dir.resolve(Pem.certFile(node))), Pem.readPrivateKey(dir.resolve(Pem.keyFile(node))));
    }

    /** Material issued in memory (tests, tools). */
    public static TlsConfig of(CertificateAuthority ca, CertificateAuthority.Issued issued) {
        return new TlsConfig(issued.node(), ca.certificate(), issued.certificate(), issued.key());
    }

    public NodeName node() { return node; }

    /** For a listener: presents this node's certificate and requires a CA-signed one from every peer. */
    public SslContext serverContext() { return serverContext(PROVIDER); }

    SslContext serverContext(SslProvider provider) {
        try {
            return SslContextBuilder.forServer(key, certificate).trustManager(ca).clientAuth(ClientAuth.REQUIRE)
                    .protocols(PROTOCOLS).sslProvider(provider).build();
        } catch (SSLException e) {
            throw new IllegalStateException(node + ": cannot build a TLS server context: " + e.getMessage(), e);
        }
    }

    /** For dialing: presents this node's certificate and accepts only a CA-signed one from the listener. */
    public SslContext clientContext() { return clientContext(PROVIDER); }

    SslContext clientContext(SslProvider provider) {
        try {
            return SslContextBuilder.forClient().keyManager(key, certificate).trustManager(ca)
                    .endpointIdentificationAlgorithm(null).protocols(PROTOCOLS).sslProvider(provider).build();
        } catch (SSLException e) {
            throw new IllegalStateException(node + ": cannot build a TLS client context: " + e.getMessage(), e);
        }
    }

    /** The name the peer's (already CA-verified) certificate gives, or an exception saying why there is none. */
    public static NodeName peerOf(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) throw new SSLPeerUnverifiedException("no X.509 peer certificate");
        return nameOf(leaf);
    }

    /** The {@link NodeName} in a certificate's subject common name. */
    public static NodeName nameOf(X509Certificate certificate) {
        RDN[] cns = new X500Name(certificate.getSubjectX500Principal().getName()).getRDNs(BCStyle.CN);
        if (cns.length != 1) throw new IllegalArgumentException("certificate subject '" + certificate.getSubjectX500Principal().getName() + "' has " + cns.length + " common names, expected one");
        return NodeName.parse(IETFUtils.valueToString(cns[0].getFirst().getValue()));
    }
}

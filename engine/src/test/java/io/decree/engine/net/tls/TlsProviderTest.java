package io.decree.engine.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The TLS provider choice (BoringSSL where it loads, else the JDK's engine): which one is picked, and that
 * either end may run either provider with the same mutual authentication, so a client JVM without the native
 * library still talks to replicas with it. Handshakes run in memory between two {@link SSLEngine}s.
 */
class TlsProviderTest {
    private final CertificateAuthority ca = CertificateAuthority.create("provider-test-ca");
    private final TlsConfig replica = TlsConfig.of(ca, ca.issue(NodeName.replica(1)));
    private final TlsConfig client = TlsConfig.of(ca, ca.issue(NodeName.client(7)));

    @Test void autoPicksBoringSslWhereItLoadsAndTheNamesAreChecked() {
        assertEquals(SslProvider.JDK, TlsConfig.provider("jdk"));
        assertEquals(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK, TlsConfig.provider("auto"));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.provider("gnutls"));
        // The engine depends on the Linux x86-64 native jar: there it must load, or the TCP path silently costs 5x the CPU.
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertTrue(OpenSsl.isAvailable(), "BoringSSL did not load: " + OpenSsl.unavailabilityCause());
            assertEquals(SslProvider.OPENSSL, TlsConfig.provider("openssl"));
        }
    }

    @Test void everyPairOfProvidersAuthenticatesBothEnds() throws Exception {
        for (SslProvider server : providers())
            for (SslProvider dialer : providers()) {
                SSLEngine s = replica.serverContext(server).newEngine(ByteBufAllocator.DEFAULT);
                SSLEngine c = client.clientContext(dialer).newEngine(ByteBufAllocator.DEFAULT);
                handshake(c, s);
                String pair = dialer + " client, " + server + " server";
                assertEquals("TLSv1.3", s.getSession().getProtocol(), pair);
                assertEquals(NodeName.client(7), TlsConfig.peerOf(s.getSession()), pair);
                assertEquals(NodeName.replica(1), TlsConfig.peerOf(c.getSession()), pair);
            }
    }

    @Test void aCertificateOfAnotherCaIsRefusedByEitherProvider() {
        CertificateAuthority other = CertificateAuthority.create("provider-test-ca"); // same name, other key
        TlsConfig stranger = TlsConfig.of(other, other.issue(NodeName.client(7)));
        for (SslProvider server : providers()) {
            SSLEngine s = replica.serverContext(server).newEngine(ByteBufAllocator.DEFAULT);
            SSLEngine c = stranger.clientContext(SslProvider.JDK).newEngine(ByteBufAllocator.DEFAULT);
            assertThrows(SSLException.class, () -> handshake(c, s), server + " server accepted a foreign client certificate");
        }
    }

    private static SslProvider[] providers() {
        return OpenSsl.isAvailable() ? new SslProvider[] {SslProvider.JDK, SslProvider.OPENSSL} : new SslProvider[] {SslProvider.JDK};
    }

    /** Shuttles records between the two engines until neither has handshake work left (bounded, so a stall fails). */
    private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        client.setUseClientMode(true);
        server.setUseClientMode(false);
        client.beginHandshake();
        server.beginHandshake();
        ByteBuffer toServer = ByteBuffer.allocate(1 << 16), toClient = ByteBuffer.allocate(1 << 16);
        ByteBuffer app = ByteBuffer.allocate(1 << 16), none = ByteBuffer.allocate(0);
        for (int round = 0; round < 100; round++) {
            step(client, none, toServer, toClient, app);
            step(server, none, toClient, toServer, app);
            if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) return;
        }
        throw new SSLHandshakeException("no handshake after 100 rounds: client " + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus());
    }

    /** One engine's turn: consume what the other sent ({@code in}, write mode), then produce into {@code out}. */
    private static void step(SSLEngine engine, ByteBuffer none, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        in.flip();
        while (in.hasRemaining()) {
            int before = in.remaining();
            engine.unwrap(in, app);
            runTasks(engine);
            app.clear();
            if (in.remaining() == before) break;
        }
        in.compact();
        // Wrap while it produces: BoringSSL may still hold its last flight when its status already says
        // NOT_HANDSHAKING (Netty's SslHandler goes by each result, not by the engine's status).
        for (int i = 0; i < 8; i++) {
            int produced = engine.wrap(none, out).bytesProduced();
            runTasks(engine);
            if (produced == 0 && engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) break;
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) task.run();
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus h = engine.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }
}

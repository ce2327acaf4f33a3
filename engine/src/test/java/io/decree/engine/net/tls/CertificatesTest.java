package io.decree.engine.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {
    @TempDir Path dir;

    @Test void generateWritesACaAndOneCertificatePerNodeThatLoadBack() throws Exception {
        Certificates.generate(dir, Set.of(1, 2, 3), Set.of(1L));
        for (String f : new String[] {"ca.pem", "ca.key", "replica-1.pem", "replica-1.key", "replica-3.key", "client-1.pem", "client-1.key"})
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("replica-2.key"))));

        TlsConfig replica = TlsConfig.load(dir, "replica-2");
        assertEquals(NodeName.replica(2), replica.node());
        TlsConfig client = TlsConfig.load(dir, "client-1");
        assertEquals(NodeName.client(1), client.node());
        replica.serverContext();
        client.clientContext();

        // The CA can be loaded back to issue a certificate for a replica added later; it verifies against the same ca.pem.
        CertificateAuthority ca = CertificateAuthority.load(dir);
        ca.issue(NodeName.replica(4)).writeTo(dir);
        assertEquals(NodeName.replica(4), TlsConfig.load(dir, "replica-4").node());
    }

    @Test void certificatesCarryTheirRoleInTheExtendedKeyUsage() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("t");
        X509Certificate replica = ca.issue(NodeName.replica(1)).certificate();
        X509Certificate client = ca.issue(NodeName.client(1)).certificate();
        assertEquals(java.util.List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), replica.getExtendedKeyUsage()); // server + client auth
        assertEquals(java.util.List.of("1.3.6.1.5.5.7.3.2"), client.getExtendedKeyUsage()); // client auth only
        assertEquals(-1, replica.getBasicConstraints());
        assertTrue(ca.certificate().getBasicConstraints() >= 0, "the CA is a CA");
        replica.verify(ca.certificate().getPublicKey());
        assertEquals("EC", replica.getPublicKey().getAlgorithm());
    }

    @Test void loadingRefusesMismatchedMaterialNamingTheProblem() throws Exception {
        Certificates.generate(dir, Set.of(1), Set.of());
        IOException missing = assertThrows(IOException.class, () -> TlsConfig.load(dir, "replica-2"));
        assertTrue(missing.getMessage().contains("replica-2.pem"), missing.getMessage());
        Files.copy(dir.resolve("replica-1.pem"), dir.resolve("replica-5.pem"));
        Files.copy(dir.resolve("replica-1.key"), dir.resolve("replica-5.key"));
        IllegalArgumentException renamed = assertThrows(IllegalArgumentException.class, () -> TlsConfig.load(dir, "replica-5"));
        assertTrue(renamed.getMessage().contains("names replica-1"), renamed.getMessage());
        Files.copy(dir.resolve("ca.key"), dir.resolve("replica-6.pem"));
        IOException wrongKind = assertThrows(IOException.class, () -> TlsConfig.load(dir, "replica-6"));
        assertTrue(wrongKind.getMessage().contains("expected a PEM CERTIFICATE"), wrongKind.getMessage());

        // A certificate of another CA next to this cluster's ca.pem.
        CertificateAuthority other = CertificateAuthority.create("other");
        other.issue(NodeName.replica(7)).writeTo(dir);
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> TlsConfig.load(dir, "replica-7"));
        assertTrue(foreign.getMessage().contains("not signed by CA"), foreign.getMessage());
    }

    @Test void nodeNamesParseOnlyTheTwoForms() {
        assertEquals(NodeName.replica(3), NodeName.parse("replica-3"));
        assertEquals(NodeName.client(123456789012L), NodeName.parse("client-123456789012"));
        for (String bad : new String[] {"replica-", "replica-x", "replica-0", "replica-65536", "client--1", "admin-1", "replica-+1", "Replica-1"})
            assertThrows(IllegalArgumentException.class, () -> NodeName.parse(bad), bad);
    }
}

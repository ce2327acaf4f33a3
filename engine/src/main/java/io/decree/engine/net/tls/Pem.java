package io.decree.engine.net.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The files of a TLS directory and their PEM encoding: {@code ca.pem} (the cluster CA certificate),
 * {@code ca.key}, and per node {@code <name>.pem} (certificate) and {@code <name>.key} (unencrypted PKCS#8
 * private key, written with owner-only permissions). Reading fails with an {@link IOException} naming the
 * file and what it held instead.
 */
final class Pem {
    static final String CA_CERT = "ca.pem";
    static final String CA_KEY = "ca.key";

    private Pem() {}

    static String certFile(NodeName node) { return node + ".pem"; }

    static String keyFile(NodeName node) { return node + ".key"; }

    static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
    }

    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
    }

    static X509Certificate readCertificate(Path file) throws IOException {
        Object o = readOne(file);
        if (!(o instanceof X509CertificateHolder holder))
            throw new IOException(file + ": expected a PEM CERTIFICATE, found " + describe(o));
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(file + ": unreadable certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        Object o = readOne(file);
        if (!(o instanceof PrivateKeyInfo info))
            throw new IOException(file + ": expected an unencrypted PKCS#8 PRIVATE KEY, found " + describe(o));
        return new JcaPEMKeyConverter().getPrivateKey(info);
    }

    private static Object readOne(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
            return parser.readObject();
        }
    }

    private static String describe(Object o) { return o == null ? "no PEM object" : o.getClass().getSimpleName(); }
}

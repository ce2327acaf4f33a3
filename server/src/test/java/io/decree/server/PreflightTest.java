package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.ReplicaOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one replica needs beyond a well-formed file: membership, its TLS files, a usable data directory. */
class PreflightTest {
    @TempDir Path dir;
    private Path tls;

    @BeforeEach
    void tlsFiles() throws IOException {
        tls = Files.createDirectories(dir.resolve("tls"));
        for (String name : List.of("ca.pem", "replica-1.pem", "replica-1.key", "replica-2.pem", "replica-2.key"))
            Files.writeString(tls.resolve(name), "placeholder: preflight checks presence, the transport parses them");
    }

    private ClusterConfig config(String dataDir) throws IOException {
        List<Member> members = List.of(new Member(1, "127.0.0.1", 7101), new Member(2, "127.0.0.1", 7102));
        Path file = dir.resolve("cluster.toml");
        Files.writeString(file, ConfigWriter.toml(members, dataDir, "tls", StorageKind.FILE, ReplicaOptions.defaults(), null));
        return ConfigLoader.load(file);
    }

    @Test
    void aMemberWithItsFilesPassesAndGetsItsDataDirectory() throws IOException {
        ClusterConfig config = config("data");
        assertEquals(new Member(2, "127.0.0.1", 7102), Preflight.check(config, 2));
        assertTrue(Files.isDirectory(dir.resolve("data/replica-2")));
    }

    @Test
    void anUnknownIdIsNamed() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> Preflight.check(config("data"), 4));
        assertEquals("--id", e.key());
        assertTrue(e.getMessage().contains("no member with id 4 (members: [1, 2])"), e.getMessage());
    }

    @Test
    void aMissingTlsFileIsNamedWithTheCommandThatWritesIt() throws IOException {
        Files.delete(tls.resolve("replica-2.key"));
        ConfigException e = assertThrows(ConfigException.class, () -> Preflight.check(config("data"), 2));
        assertEquals("tls_dir", e.key());
        assertTrue(e.getMessage().contains("missing " + tls.resolve("replica-2.key")), e.getMessage());
        assertTrue(e.getMessage().contains("decree certs"), e.getMessage());
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsNamed() throws IOException {
        Files.writeString(dir.resolve("occupied"), "a file where the data directory should be");
        ConfigException e = assertThrows(ConfigException.class, () -> Preflight.check(config("occupied"), 1));
        assertEquals("data_dir", e.key());
        assertTrue(e.getMessage().contains("cannot create"), e.getMessage());
    }
}

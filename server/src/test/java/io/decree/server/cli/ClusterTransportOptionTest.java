package io.decree.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.server.ClusterCertificates;
import io.decree.server.LocalCluster;
import io.decree.server.ProcessLauncher;
import io.decree.server.StorageKind;
import io.decree.server.TransportKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decree cluster up --transport KIND}: the generated cluster file carries the transport (and reads
 * back as it), and a kind that does not exist is a one-line user error that writes nothing. Starting the
 * processes is ClusterProcessTest's (tcp) and the fault suite's (shm) business.
 */
class ClusterTransportOptionTest {
    @TempDir Path dir;

    @Test void theGeneratedFileNamesTheTransportAndReadsBackAsIt() throws Exception {
        for (TransportKind kind : TransportKind.values()) {
            Path at = dir.resolve(kind.configName());
            LocalCluster cluster = LocalCluster.create(at, 3, StorageKind.FILE, LocalCluster.LOCAL_OPTIONS, null, kind,
                    ClusterCertificates.WRITER, ProcessLauncher.current());
            assertEquals(kind, cluster.config().transport());
            assertTrue(Files.readString(cluster.configFile()).contains("transport = \"" + kind.configName() + "\""));
            assertEquals(at.resolve("data").resolve("shm"), cluster.config().shmDir());
        }
    }

    @Test void anUnknownTransportIsAOneLineErrorAndWritesNoCluster() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Path at = dir.resolve("c");
        int status = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("cluster", "up", "3", "--dir", at.toString(), "--transport", "udp");
        assertEquals(2, status, err.toString());
        assertEquals("decree: --transport takes tcp, shm or verbs, got 'udp'", err.toString().strip());
        assertFalse(Files.exists(at.resolve(LocalCluster.CONFIG)));
    }
}

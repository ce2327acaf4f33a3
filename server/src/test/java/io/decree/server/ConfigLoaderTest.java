package io.decree.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.decree.engine.protocol.ReplicaOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster file: what a generated one says is read back, and each kind of mistake is named by its key. */
class ConfigLoaderTest {
    @TempDir Path dir;

    private static final String MEMBERS = """
            [[members]]
            id = 1
            host = "127.0.0.1"
            port = 7101

            [[members]]
            id = 2
            host = "127.0.0.1"
            port = 7102

            [[members]]
            id = 3
            host = "127.0.0.1"
            port = 7103
            """;

    private Path write(String toml) throws IOException {
        Path file = dir.resolve("cluster.toml");
        Files.writeString(file, toml);
        return file;
    }

    private ConfigException refused(String toml, String key) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write(toml)));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("cluster.toml") + ": " + key + ": "), e.getMessage());
        return e;
    }

    @Test
    void aWrittenFileReadsBackAsWritten() throws IOException {
        ReplicaOptions options = ReplicaOptions.defaults().withWindow(7).withSnapshots(500, 4096).withRequestTimeout(1234);
        List<Member> members = List.of(new Member(1, "127.0.0.1", 7101), new Member(2, "localhost", 7102), new Member(5, "127.0.0.1", 7105));
        Path file = write(ConfigWriter.toml(members, "data", "tls", StorageKind.FILE, options, "trace/r-{id}.ndjson"));
        ClusterConfig config = ConfigLoader.load(file);
        assertEquals(members, config.members());
        assertEquals(options, config.options());
        assertEquals(StorageKind.FILE, config.storage());
        assertEquals(dir.resolve("data").toAbsolutePath(), config.dataDir());
        assertEquals(dir.resolve("data/replica-5").toAbsolutePath(), config.dataDir(5));
        assertEquals(dir.resolve("tls").toAbsolutePath(), config.tlsDir());
        assertEquals(dir.resolve("trace/r-2.ndjson").toAbsolutePath(), config.traceFile(2));
        assertTrue(config.configuration().contains(5) && !config.configuration().contains(3));
    }

    @Test
    void defaultsFillWhatIsLeftOut() throws IOException {
        ClusterConfig config = ConfigLoader.load(write(MEMBERS));
        assertEquals(ServerDefaults.options(), config.options());
        assertEquals(StorageKind.FILE, config.storage());
        assertNull(config.traceFile(1));
    }

    @Test
    void aReplicaProcessCheckpointsUnlessTurnedOff() throws IOException {
        // Left out, even with other options given: the process's default, so a learner's memory stays bounded.
        ReplicaOptions leftOut = ConfigLoader.load(write(MEMBERS + "[options]\nwindow = 8\n")).options();
        assertEquals(ServerDefaults.CHECKPOINT_SLOTS, leftOut.snapshotInterval());
        assertEquals(8, leftOut.window());
        // 0 still means never, and any other interval is taken as written.
        assertEquals(0, ConfigLoader.load(write(MEMBERS + "[options]\nsnapshot_interval = 0\n")).options().snapshotInterval());
        assertEquals(10_000, ConfigLoader.load(write(MEMBERS + "[options]\nsnapshot_interval = 10000\n")).options().snapshotInterval());
        // What `decree cluster up` writes reads back with checkpoints on.
        assertEquals(ServerDefaults.CHECKPOINT_SLOTS, LocalCluster.LOCAL_OPTIONS.snapshotInterval());
    }

    @Test
    void syntaxErrorsNameTheLine() throws IOException {
        ConfigException e = refused("storage = \"file\"\n[[members]\nid = 1\n", "<syntax>");
        assertTrue(e.getMessage().matches("(?s).*expected ARRAY_TABLE_CLOSE \\(line \\d+\\)$"), e.getMessage());
    }

    @Test
    void unknownKeysAreRefusedNotIgnored() throws IOException {
        refused("dta_dir = \"data\"\n" + MEMBERS, "dta_dir");
        refused(MEMBERS.replace("port = 7102", "prot = 7102"), "members[1].prot");
        refused(MEMBERS + "[options]\nwindows = 3\n", "options.windows");
    }

    @Test
    void membersMustBeThereDistinctAndComplete() throws IOException {
        refused("storage = \"file\"\n", "members");
        refused(MEMBERS.replace("id = 3", "id = 2"), "members[2].id");
        ConfigException port = refused(MEMBERS.replace("port = 7103", "port = 7101"), "members[2].port");
        assertTrue(port.getMessage().contains("127.0.0.1:7101 is already used by members[0]"), port.getMessage());
        refused(MEMBERS.replace("port = 7103\n", ""), "members[2].port");
        refused(MEMBERS.replace("port = 7103", "port = 70000"), "members[2].port");
        refused(MEMBERS.replace("id = 1", "id = 0"), "members[0].id");
        refused(MEMBERS.replace("id = 1", "id = \"one\""), "members[0].id");
    }

    @Test
    void storageAndTraceAreChecked() throws IOException {
        ConfigException storage = refused("storage = \"tape\"\n" + MEMBERS, "storage");
        assertTrue(storage.getMessage().contains("\"file\" or \"pmem\""), storage.getMessage());
        refused("trace = \"trace.ndjson\"\n" + MEMBERS, "trace");
    }

    @Test
    void optionsAreCheckedAloneAndTogether() throws IOException {
        refused(MEMBERS + "[options]\nwindow = 0\n", "options.window");
        refused(MEMBERS + "[options]\nmax_clock_drift = 1.5\n", "options.max_clock_drift");
        ConfigException related = refused(MEMBERS + "[options]\nheartbeat_interval_ms = 500\n", "options");
        assertTrue(related.getMessage().contains("heartbeatInterval (500) must be below electionTimeoutMin"), related.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.toml")));
        assertEquals("--config", e.key());
    }
}

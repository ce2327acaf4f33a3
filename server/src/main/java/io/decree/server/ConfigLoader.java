package io.decree.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.decree.engine.protocol.ReplicaOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a cluster file (TOML, through Jackson's TOML module) into a {@link ClusterConfig}, checking every
 * key: an unknown key (a typo would otherwise be ignored silently), a missing or mistyped value, a member
 * id or address used twice, an option out of range. Each failure is a {@link ConfigException} naming the
 * key. The file's layout is what {@link ConfigWriter} writes; README "Running a cluster" documents it.
 */
public final class ConfigLoader {
    static final Set<String> TOP_KEYS = Set.of("members", "data_dir", "tls_dir", "storage", "trace", "options", "transport", "shm_dir", "verbs_port_offset");
    static final Set<String> MEMBER_KEYS = Set.of("id", "host", "port");
    static final Set<String> OPTION_KEYS = Set.of("window", "max_batch_commands", "max_batch_bytes", "max_command_bytes",
            "heartbeat_interval_ms", "election_timeout_min_ms", "election_timeout_range_ms", "retransmit_interval_ms",
            "request_timeout_ms", "max_catch_up_slots", "lease_duration_ms", "max_clock_drift", "snapshot_interval",
            "snapshot_chunk_bytes");

    private final String source;
    private final Path base;

    private ConfigLoader(Path file) {
        this.source = file.toString();
        this.base = file.toAbsolutePath().getParent();
    }

    public static ClusterConfig load(Path file) {
        ConfigLoader loader = new ConfigLoader(file);
        if (!Files.isRegularFile(file)) throw new ConfigException(loader.source, "--config", "no such file");
        JsonNode root;
        try {
            root = new TomlMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException(loader.source, "<syntax>", "not valid TOML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new ConfigException(loader.source, "--config", "cannot read: " + e.getMessage(), e);
        }
        return loader.parse(root);
    }

    private ClusterConfig parse(JsonNode root) {
        onlyKeys(root, TOP_KEYS, "");
        List<Member> members = members(root.get("members"));
        Path dataDir = path(root, "data_dir", "data");
        Path tlsDir = path(root, "tls_dir", "tls");
        StorageKind storage = switch (text(root, "storage", "file")) {
            case "file" -> StorageKind.FILE;
            case "pmem" -> StorageKind.PMEM;
            case String other -> throw new ConfigException(source, "storage", "must be \"file\" or \"pmem\", got \"" + other + "\"");
        };
        String trace = root.has("trace") ? text(root, "trace", null) : null;
        if (trace != null && members.size() > 1 && !trace.contains("{id}"))
            throw new ConfigException(source, "trace", "must contain {id} (one trace file per replica), got \"" + trace + "\"");
        ReplicaOptions options = options(root.get("options"));
        String transportName = text(root, "transport", "tcp");
        TransportKind transport = TransportKind.parse(transportName);
        if (transport == null) throw new ConfigException(source, "transport", "must be one of " + TransportKind.names() + ", got \"" + transportName + "\"");
        Path shmDir = root.has("shm_dir") ? path(root, "shm_dir", null) : dataDir.resolve("shm");
        int verbsPortOffset = ClusterConfig.DEFAULT_VERBS_PORT_OFFSET;
        if (root.has("verbs_port_offset")) {
            JsonNode n = root.get("verbs_port_offset");
            if (!n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 65535)
                throw new ConfigException(source, "verbs_port_offset", "must be an integer from 1 to 65535, got " + n);
            verbsPortOffset = n.asInt();
        }
        return new ClusterConfig(Path.of(source), members, dataDir, tlsDir, storage, options, trace, transport, shmDir, verbsPortOffset);
    }

    private List<Member> members(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty())
            throw new ConfigException(source, "members", "missing: list every replica as [[members]] with id, host and port");
        List<Member> members = new ArrayList<>();
        Map<Integer, Integer> ids = new HashMap<>();
        Map<String, Integer> addresses = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = "members[" + i + "]";
            if (!m.isObject()) throw new ConfigException(source, at, "must be a table with id, host and port");
            onlyKeys(m, MEMBER_KEYS, at + ".");
            int id = (int) integer(m, "id", at + ".id", 1, Integer.MAX_VALUE, null);
            String host = text(m, "host", "127.0.0.1");
            int port = (int) integer(m, "port", at + ".port", 1, 65_535, null);
            Integer previous = ids.putIfAbsent(id, i);
            if (previous != null) throw new ConfigException(source, at + ".id", "id " + id + " is already used by members[" + previous + "]");
            previous = addresses.putIfAbsent(host.toLowerCase(Locale.ROOT) + ":" + port, i);
            if (previous != null) throw new ConfigException(source, at + ".port", host + ":" + port + " is already used by members[" + previous + "]");
            members.add(new Member(id, host, port));
        }
        return members;
    }

    private ReplicaOptions options(JsonNode node) {
        ReplicaOptions d = ServerDefaults.options();
        if (node == null) return d;
        if (!node.isObject()) throw new ConfigException(source, "options", "must be a table");
        onlyKeys(node, OPTION_KEYS, "options.");
        try {
            return new ReplicaOptions(
                    (int) option(node, "window", d.window()),
                    (int) option(node, "max_batch_commands", d.maxBatchCommands()),
                    (int) option(node, "max_batch_bytes", d.maxBatchBytes()),
                    (int) option(node, "max_command_bytes", d.maxCommandBytes()),
                    option(node, "heartbeat_interval_ms", d.heartbeatInterval()),
                    option(node, "election_timeout_min_ms", d.electionTimeoutMin()),
                    option(node, "election_timeout_range_ms", d.electionTimeoutRange()),
                    option(node, "retransmit_interval_ms", d.retransmitInterval()),
                    option(node, "request_timeout_ms", d.requestTimeout()),
                    (int) option(node, "max_catch_up_slots", d.maxCatchUpSlots()),
                    option(node, "lease_duration_ms", d.leaseDuration()),
                    drift(node, d.maxClockDrift()),
                    node.has("snapshot_interval") ? integer(node, "snapshot_interval", "options.snapshot_interval", 0, Long.MAX_VALUE, null) : d.snapshotInterval(),
                    (int) option(node, "snapshot_chunk_bytes", d.snapshotChunkBytes()));
        } catch (IllegalArgumentException e) {
            // The record's own checks relate options to each other (heartbeat below election time-out...).
            throw new ConfigException(source, "options", e.getMessage(), e);
        }
    }

    private long option(JsonNode node, String key, long fallback) {
        long max = key.endsWith("_ms") ? Long.MAX_VALUE : Integer.MAX_VALUE;
        return node.has(key) ? integer(node, key, "options." + key, 1, max, null) : fallback;
    }

    private double drift(JsonNode node, double fallback) {
        if (!node.has("max_clock_drift")) return fallback;
        JsonNode v = node.get("max_clock_drift");
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() >= 1)
            throw new ConfigException(source, "options.max_clock_drift", "must be a number in [0, 1), got " + v);
        return v.asDouble();
    }

    private long integer(JsonNode node, String field, String key, long min, long max, Long fallback) {
        JsonNode v = node.get(field);
        if (v == null) {
            if (fallback != null) return fallback;
            throw new ConfigException(source, key, "missing");
        }
        if (!v.isIntegralNumber()) throw new ConfigException(source, key, "must be an integer, got " + v);
        long value = v.asLong();
        if (value < min || value > max) throw new ConfigException(source, key, "must be in " + min + ".." + max + ", got " + value);
        return value;
    }

    private String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null) return fallback;
        if (!v.isTextual() || v.asText().isBlank()) throw new ConfigException(source, key, "must be a non-empty string, got " + v);
        return v.asText();
    }

    private Path path(JsonNode node, String key, String fallback) {
        return base.resolve(text(node, key, fallback)).normalize();
    }

    private void onlyKeys(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name))
                throw new ConfigException(source, prefix + name, "unknown key (known: " + known.stream().sorted().toList() + ")");
        }
    }
}

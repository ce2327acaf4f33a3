package io.decree.server;

import io.decree.engine.storage.pmem.LibPmem;
import io.decree.engine.storage.pmem.PmemUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a replica touches anything, that its part of the configuration can work: it is a member,
 * its TLS files are there and readable, its data directory can be created and written, and libpmem is
 * installed if the pmem log is asked for. Each failure is a {@link ConfigException} naming the key to fix.
 */
public final class Preflight {
    private Preflight() {}

    /** Checks everything replica {@code id} needs; returns its member entry. */
    public static Member check(ClusterConfig config, int id) {
        Member self = config.requireMember(id, "--id");
        String source = config.source().toString();
        for (Path file : TlsLayout.of(config.tlsDir()).replicaFiles(id)) {
            if (!Files.isRegularFile(file))
                throw new ConfigException(source, "tls_dir", "missing " + file + " (generate a cluster's files with `decree certs --dir "
                        + config.tlsDir() + " --replicas " + ids(config) + " --clients 1`)");
            if (!Files.isReadable(file)) throw new ConfigException(source, "tls_dir", "cannot read " + file);
        }
        Path data = config.dataDir(id);
        try {
            Files.createDirectories(data);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(source, "data_dir", "cannot create " + data + ": " + e, e);
        }
        if (!Files.isReadable(data) || !Files.isWritable(data) || !Files.isExecutable(data))
            throw new ConfigException(source, "data_dir", data + " is not readable and writable by this user");
        if (config.storage() == StorageKind.PMEM) {
            try {
                LibPmem.get();
            } catch (PmemUnavailableException e) {
                throw new ConfigException(source, "storage", "\"pmem\" needs " + LibPmem.LIBRARY + " (Debian package "
                        + LibPmem.PACKAGE + "), which is not installed; install it or use storage = \"file\"", e);
            }
        }
        if (config.traceFile(id) != null) {
            Path parent = config.traceFile(id).toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException | SecurityException e) {
                throw new ConfigException(source, "trace", "cannot create " + parent + ": " + e, e);
            }
        }
        return self;
    }

    static String ids(ClusterConfig config) {
        return String.join(",", config.members().stream().map(m -> String.valueOf(m.id())).toList());
    }
}

package io.decree.server;

/** Where a replica keeps its acceptor state: the file log (fsync) or the pmem log (libpmem through FFM). */
public enum StorageKind {
    FILE, PMEM;

    public String configName() { return name().toLowerCase(java.util.Locale.ROOT); }
}

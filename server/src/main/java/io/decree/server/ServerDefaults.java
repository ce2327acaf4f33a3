package io.decree.server;

import io.decree.engine.protocol.ReplicaOptions;

/**
 * What a replica process gets where its {@code cluster.toml} says nothing: {@link ReplicaOptions#defaults()}
 * with checkpoints.
 *
 * <p>The engine's own default never checkpoints (a library user chooses how often their state machine is
 * snapshotted), but a learner then keeps every chosen decree in memory, and a long-running process under load
 * runs out of heap: a replica's 256 MiB ({@link ProcessLauncher#DEFAULT_JVM_OPTIONS}) filled within a minute at
 * 40,000 commands a second (session 8, 1,024 connections of {@code decree load}). The interval counts executed
 * slots, and a slot holds a batch of up to {@code max_batch_commands} (256) commands at saturation, so it must be
 * small: 4,096 slots (up to a million commands) still filled that heap; 256 slots keep at most about 65,000
 * commands between checkpoints. {@code snapshot_interval = 0} in the configuration still turns checkpoints off.
 */
public final class ServerDefaults {
    /** Executed slots between checkpoints in a replica process, unless its configuration says otherwise. */
    public static final long CHECKPOINT_SLOTS = 256;

    private ServerDefaults() {}

    /** The engine's defaults with a checkpoint every {@link #CHECKPOINT_SLOTS} executed slots. */
    public static ReplicaOptions options() {
        ReplicaOptions d = ReplicaOptions.defaults();
        return d.withSnapshots(CHECKPOINT_SLOTS, d.snapshotChunkBytes());
    }
}

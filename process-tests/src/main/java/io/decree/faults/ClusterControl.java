package io.decree.faults;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the {@link Nemesis} needs from a cluster under test: process faults, link faults, a leader as the replicas
 * report it, a write probe for progress, and the two disk faults. {@code ProcessCluster} implements it over
 * replica JVMs.
 */
public interface ClusterControl {
    List<Integer> ids();

    /** The replica that currently claims leadership with the highest ballot among running ones, if any. */
    OptionalInt leader();

    boolean isRunning(int id);

    /** SIGKILL; returns once the process is gone. */
    void kill(int id) throws Exception;

    /**
     * Starts a killed replica again on the same data directory; returns once it has recovered its storage and
     * listens. Faults are injected one at a time and each assumes the others healed: a restart that returned
     * while the JVM was still starting (a minute, on a loaded 2-core machine) would let the next kill take a
     * majority down at once, which no protocol survives and the fault model excludes.
     */
    void restart(int id) throws Exception;

    /** SIGSTOP; returns once the kernel reports it stopped. */
    void pause(int id) throws Exception;

    /** SIGCONT; returns once the kernel reports it running. */
    void resume(int id) throws Exception;

    /** The network faults between replicas: the TCP proxy, or the ring transport's link fault hook. */
    LinkFaults linkFaults();

    /** One write through a fresh client session; returns normally once it was acknowledged, or throws. */
    void probeWrite(String key, String value, Duration limit) throws Exception;

    /** Total elections won so far across all replicas (from their logs), for the report. */
    long electionsWon();

    /** Whether disk faults can be injected here; empty if yes, else why not (the disk fault is then skipped). */
    java.util.Optional<String> diskFaultsUnavailable();

    /**
     * Fills replica {@code id}'s data file system while it runs and waits for it to exit; then frees the space
     * and restarts it. Returns what was observed; the caller judges it.
     */
    DiskFaultOutcome diskFull(int id, Duration limit) throws Exception;

    /** Kills replica {@code id}, remounts its data read-only, restarts it and waits for it to exit; then restores it. */
    DiskFaultOutcome diskReadOnly(int id, Duration limit) throws Exception;

    /**
     * @param exitStatus     the victim's exit status under the fault, or null if it was still running at the deadline
     * @param errorLine      the first log line naming the problem (ENOSPC / read-only), or null if none did
     * @param recoveredAfter whether the victim, restarted on the repaired disk, came back and the cluster progressed
     */
    record DiskFaultOutcome(FaultKind kind, int victim, Integer exitStatus, String errorLine, boolean recoveredAfter) {
        /** Stayed down with a clear error, and its data was intact when the disk came back. */
        public boolean asExpected() { return exitStatus != null && exitStatus != 0 && errorLine != null && recoveredAfter; }
    }
}

package io.decree.faults;

/** The nemesis's menu (docs/faults.md). Disk faults end a run: the replica they hit stays down. */
public enum FaultKind {
    /** SIGKILL the leader, wait for another to lead, restart it on its data directory. */
    KILL_LEADER,
    /** SIGKILL a follower, check progress without it, restart it. */
    KILL_FOLLOWER,
    /** SIGSTOP the leader until another replica leads (past the election timeout), then SIGCONT. */
    PAUSE_LEADER,
    /** SIGSTOP a follower while writes go on, then SIGCONT. */
    PAUSE_FOLLOWER,
    /** Cut a random majority from the minority, check the majority makes progress, heal. */
    PARTITION_MAJORITY_MINORITY,
    /** Cut the leader from everyone, wait for the others to elect a leader, heal. */
    ISOLATE_LEADER,
    /** Two halves that talk only through one bridge replica, heal. */
    PARTITION_BRIDGE,
    /** Delay every peer link, check progress under the delay, heal. */
    DELAY,
    /** Fill one replica's data file system (ENOSPC) while it runs: it must stop with a clear error. */
    DISK_FULL,
    /** Restart one replica on a read-only data file system (EROFS): it must refuse to start, clearly. */
    DISK_READ_ONLY;

    public boolean isDisk() { return this == DISK_FULL || this == DISK_READ_ONLY; }

    public String label() { return name().toLowerCase().replace('_', ' '); }

    /** The kind a label names, as written on the command line: "disk-full", "disk full" or "DISK_FULL". */
    public static FaultKind parse(String label) {
        String name = label.strip().toUpperCase().replace('-', '_').replace(' ', '_');
        for (FaultKind k : values()) if (k.name().equals(name)) return k;
        throw new IllegalArgumentException("no fault kind '" + label + "'; the kinds are " + java.util.Arrays.stream(values()).map(FaultKind::label).toList());
    }
}

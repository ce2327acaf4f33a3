package io.decree.sim;

/**
 * One discrete fault in a schedule, at simulated time {@code at} (ms). Schedules are lists of these, so a
 * failing schedule can be shrunk by removing events. Message-level faults (delay, loss, duplication,
 * reordering) are rates in {@link FaultSchedule}, drawn from the seed.
 */
public record FaultEvent(long at, Kind kind, int replica, long amount) {

    public enum Kind {
        /** The replica loses its volatile state and unsynced writes; it stays down until a RESTART. */
        CRASH,
        /** The replica crashes for good: it stays down after the faults end (a minority may, liveness holds). */
        STOP,
        /** A crashed replica starts again from its durable state. */
        RESTART,
        /** The replica is cut off from everyone (replicas and clients) until a HEAL. */
        ISOLATE,
        /**
         * The replica is cut off from the other replicas but still reaches clients, as a client in the same
         * rack as a deposed leader would: the case lease reads must get right. Until a HEAL.
         */
        PARTITION,
        /** Every partition ends. */
        HEAL,
        /** The replica's clock jumps forward by {@code amount} ms. */
        CLOCK_JUMP,
        /**
         * A CRASH in the middle of a write: besides losing what was not synced, the replica's log ends in a
         * prefix of the first record that was not durable ({@code amount} seeds its length). Recovery must
         * cut it off and report it. Needs disk storage ({@link SimConfig#withDiskStorage()}).
         */
        TORN_WRITE,
        /**
         * The replica crashes and one bit of a durable record that is not its log's last is flipped
         * ({@code amount} seeds where). Recovery must refuse, naming the file and offset, so the replica never
         * starts again: it counts against the minority that may fail. Needs disk storage.
         */
        CORRUPT_BYTE,
        /**
         * The leader (if any) is asked to change the membership: add a spare, remove a member or replace one
         * ({@code amount} seeds which); the change goes through the log with the window alpha.
         */
        RECONFIGURE,
    }

    /** Whether this fault damages stored data, which only the disk-backed storage can model. */
    public boolean isStorageFault() { return kind == Kind.TORN_WRITE || kind == Kind.CORRUPT_BYTE; }

    /** The fault without its time, for logs that print the time themselves. */
    public String describe() {
        return switch (kind) {
            case HEAL -> "HEAL";
            case CLOCK_JUMP -> "CLOCK_JUMP r" + replica + " +" + amount + "ms";
            case TORN_WRITE, CORRUPT_BYTE -> kind + " r" + replica + " (seed " + amount + ")";
            case RECONFIGURE -> "RECONFIGURE (seed " + amount + ")";
            default -> kind + " r" + replica;
        };
    }

    @Override public String toString() { return "t=" + at + " " + describe(); }
}

package io.decree.engine.metrics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The engine's JDK Flight Recorder events: the rare, telling moments (elections, leader changes,
 * checkpoints) and every storage sync. With no recording running they cost a check of a flag the recorder
 * keeps: {@link #SYNC} guards the per-batch event, so not even the event object is allocated then. Record
 * with {@code -XX:StartFlightRecording} or {@code jcmd PID JFR.start}, then {@code jfr print --events
 * 'decree.*' FILE}.
 */
public final class Events {
    private Events() {}

    static final EventType SYNC = EventType.getEventType(Sync.class);

    @Name("decree.Election") @Label("Election started") @Category("Decree") @StackTrace(false)
    @Description("A replica stood for election with a new ballot")
    public static final class Election extends Event {
        @Label("Replica") public int replica;
        @Label("Ballot") public long ballot;
    }

    @Name("decree.LeaderChange") @Label("Leader changed") @Category("Decree") @StackTrace(false)
    @Description("The leader a replica believes in changed (0: unknown)")
    public static final class LeaderChange extends Event {
        @Label("Replica") public int replica;
        @Label("Previous leader") public int previous;
        @Label("Leader") public int leader;
        @Label("Ballot seen") public long ballot;
    }

    @Name("decree.Sync") @Label("Storage sync") @Category("Decree") @StackTrace(false)
    @Description("One storage sync of a flush (the group commit of a protocol loop batch)")
    public static final class Sync extends Event {
        @Label("Replica") public int replica;
    }

    @Name("decree.Checkpoint") @Label("Checkpoint") @Category("Decree") @StackTrace(false)
    @Description("A state-machine checkpoint: the capture on the protocol thread and the serialisation and write after it")
    public static final class Checkpoint extends Event {
        @Label("Replica") public int replica;
        @Label("Next slot") public long nextSlot;
        @Label("Bytes") public long bytes;
        @Label("Capture on the protocol thread") @Timespan(Timespan.NANOSECONDS) public long captureNanos;
    }
}
